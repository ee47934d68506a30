import type { Role } from '../policies/actor.js';

interface TokenRow {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  roles: Role[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** Never includes the hash; the plain token is added only in the creation response. */
export function presentApiToken(t: TokenRow, now = new Date()) {
  const status = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active';
  return {
    id: t.id,
    userId: t.userId,
    name: t.name,
    prefix: t.prefix,
    roles: t.roles,
    status,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    can: { revoke: status === 'active' },
  };
}

export const API_TOKEN_SELECT = {
  id: true,
  userId: true,
  name: true,
  prefix: true,
  roles: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const;
