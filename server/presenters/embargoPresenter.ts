import { hasRole, type Actor } from '../policies/actor.js';
import { utcToLocalInput } from '../util/zonedTime.js';

/** The source page's embargo form (review-ui/partials/sourceEmbargo.hbs), in the viewer's timezone. */
export function presentEmbargoForm(notBefore: string | null, actor: Actor | null) {
  const timezone = actor?.timezone ?? 'UTC';
  return {
    notBefore,
    timezone,
    localTime: notBefore ? utcToLocalInput(new Date(notBefore), timezone) : '',
    can: { set: hasRole(actor, 'editor') },
  };
}
