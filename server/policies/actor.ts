import type { Role } from '../generated/prisma/enums.js';

export type { Role };
export const ROLES = ['admin', 'editor', 'reviewer'] as const satisfies readonly Role[];

/** Who is making a request: a signed-in person, or an API token acting for one. */
export interface Actor {
  kind: 'session' | 'token';
  userId: string;
  email: string;
  displayName: string;
  /** Effective roles: for a token, the token's scope intersected with its owner's current roles. */
  roles: Role[];
  timezone: string;
  sessionId?: string;
  tokenId?: string;
}

export function hasRole(actor: Actor | null | undefined, ...roles: Role[]): boolean {
  if (!actor) return false;
  return actor.roles.includes('admin') || roles.some((r) => actor.roles.includes(r));
}

export function actorLabel(actor: Actor | null | undefined): string {
  if (!actor) return 'system';
  return actor.kind === 'token' ? `${actor.email} (API token)` : actor.email;
}
