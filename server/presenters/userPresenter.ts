import type { Role } from '../policies/actor.js';

interface UserRow {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  active: boolean;
  timezone: string;
  createdAt: Date;
}

export function presentUser(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    roles: u.roles,
    active: u.active,
    timezone: u.timezone,
    createdAt: u.createdAt.toISOString(),
  };
}

export const USER_SELECT = {
  id: true,
  email: true,
  displayName: true,
  roles: true,
  active: true,
  timezone: true,
  createdAt: true,
} as const;
