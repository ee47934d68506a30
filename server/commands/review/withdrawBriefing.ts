import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { applyTransition } from '../../review/transition.js';
import { voidSignOffs } from '../../review/signOffs.js';

/** Stops work on a briefing for good; any running generation is told to stop by its own cancel flag. */
export function withdrawBriefing(
  db: Db,
  actor: Actor,
  briefingId: string,
  input: { reason: string },
  now = new Date(),
) {
  return applyTransition(db, actor, briefingId, 'withdraw', {
    now,
    data: { reason: input.reason },
    after: async (tx) => {
      await voidSignOffs(tx, briefingId, 'Briefing withdrawn.', now, actor);
      await tx.generation.updateMany({
        where: { briefingId, status: { in: ['queued', 'running'] } },
        data: { cancelRequested: true },
      });
    },
  });
}
