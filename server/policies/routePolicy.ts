import { hasRole, type Actor, type Role } from './actor.js';

/**
 * Every route declares one of these; server/http/pipeline.ts refuses to mount a
 * route without it, and test/http/routePolicies.test.ts checks the running app.
 */
export interface RoutePolicy {
  readonly name: string;
  /** Anonymous callers are let through only when this is false. */
  readonly requiresActor: boolean;
  allows(actor: Actor | null): boolean;
}

export const anyone: RoutePolicy = { name: 'public', requiresActor: false, allows: () => true };

export const signedIn: RoutePolicy = { name: 'signed-in', requiresActor: true, allows: (a) => a !== null };

/** Session-only actions (password change, token management) that a token must not perform on itself. */
export const signedInPerson: RoutePolicy = {
  name: 'signed-in person',
  requiresActor: true,
  allows: (a) => a !== null && a.kind === 'session',
};

/** Admins pass every role check. */
export function withRole(...roles: Role[]): RoutePolicy {
  return { name: `role:${roles.join('|')}`, requiresActor: true, allows: (a) => hasRole(a, ...roles) };
}

export const adminOnly = withRole('admin');
export const editors = withRole('editor');
export const reviewers = withRole('reviewer');
export const staff = withRole('editor', 'reviewer');
