import type { Actor } from '../policies/actor.js';
import { hasRole } from '../policies/actor.js';

/**
 * The signed-in person as the layout sees them, with the navigation they may use.
 * unreadNotifications comes from one indexed count per page view (see pipeline.ts).
 */
export function presentViewer(actor: Actor | null, unreadNotifications = 0) {
  if (!actor) return null;
  return {
    unreadNotifications,
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
