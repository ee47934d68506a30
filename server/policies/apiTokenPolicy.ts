import { NotFoundError } from '../errors/AppError.js';
import { hasRole, type Actor } from './actor.js';

/** Owners see and revoke their own tokens; admins any. Anyone else gets a 404, as if it did not exist. */
export function canSeeApiToken(actor: Actor, token: { userId: string }): boolean {
  return token.userId === actor.userId || hasRole(actor, 'admin');
}

export function authorizeApiToken(
  actor: Actor,
  _action: 'read' | 'revoke',
  token: { userId: string } | null | undefined,
): asserts token {
  if (!token || !canSeeApiToken(actor, token)) throw new NotFoundError('No such API token.');
}
