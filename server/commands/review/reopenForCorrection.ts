import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { applyTransition } from '../../review/transition.js';

/**
 * Sends a published briefing back to review so a corrected revision can be edited,
 * signed off and published as the next version. The live publication is untouched
 * until then: readers keep seeing the signed-off version.
 */
export function reopenForCorrection(
  db: Db,
  actor: Actor,
  briefingId: string,
  input: { reason: string },
  now = new Date(),
) {
  return applyTransition(db, actor, briefingId, 'reopen', { now, data: { reason: input.reason } });
}
