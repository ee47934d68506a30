import { NotFoundError } from '../errors/AppError.js';
import { hasRole, type Actor } from './actor.js';

/** People see themselves; admins see everyone. Other users' records are hidden (404). */
export function authorizeUserRead(actor: Actor, user: { id: string } | null | undefined): asserts user {
  if (!user || !(user.id === actor.userId || hasRole(actor, 'admin'))) throw new NotFoundError('No such user.');
}
