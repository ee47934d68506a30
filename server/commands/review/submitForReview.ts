import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { applyTransition } from '../../review/transition.js';
import { notify } from '../../review/notify.js';

/** Changes were made (or answered): back to the review queue, with the assignee told. */
export function submitForReview(db: Db, actor: Actor, briefingId: string, now = new Date()) {
  return applyTransition(db, actor, briefingId, 'submit_for_review', {
    now,
    after: (tx, b) =>
      notify(tx, {
        userIds: [b.assigneeId],
        exceptUserId: actor.userId,
        kind: 'assignment',
        briefingId,
        message: `"${b.title}" is back in review.`,
        now,
      }),
  });
}
