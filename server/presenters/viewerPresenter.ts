import type { Actor } from '../policies/actor.js';
import { hasRole } from '../policies/actor.js';

/** The signed-in person as the layout sees them, with the navigation they may use. */
export function presentViewer(actor: Actor | null) {
  if (!actor) return null;
  return {
    displayName: actor.displayName,
    email: actor.email,
    roles: actor.roles,
    timezone: actor.timezone,
    can: {
      admin: hasRole(actor, 'admin'),
      edit: hasRole(actor, 'editor'),
      review: hasRole(actor, 'reviewer'),
    },
  };
}
