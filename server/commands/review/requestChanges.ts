import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { applyTransition } from '../../review/transition.js';
import { notify } from '../../review/notify.js';
import { voidSignOffs } from '../../review/signOffs.js';

/** The reviewer sends the briefing back; the reason becomes a comment so the thread keeps it. */
export function requestChanges(db: Db, actor: Actor, briefingId: string, input: { reason: string }, now = new Date()) {
  return applyTransition(db, actor, briefingId, 'request_changes', {
    now,
    data: { reason: input.reason },
    after: async (tx, b) => {
      // Asking for changes withdraws approval too: an approved briefing must not stay publishable.
      await voidSignOffs(tx, briefingId, 'Changes requested.', now, actor);
      await tx.comment.create({
        data: {
          briefingId,
          authorId: actor.userId,
          body: `Changes requested: ${input.reason}`,
          mentions: [],
          createdAt: now,
        },
      });
      await notify(tx, {
        userIds: [b.createdById],
        exceptUserId: actor.userId,
        kind: 'changes_requested',
        briefingId,
        message: `${actor.displayName} requested changes on "${b.title}".`,
        now,
      });
    },
  });
}
