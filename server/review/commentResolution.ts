import type { Db } from '../db/connect.js';
import type { Actor } from '../policies/actor.js';
import { NotFoundError, ValidationError } from '../errors/AppError.js';
import { recordAudit } from '../audit/recordAudit.js';
import { authorizeTransition } from './workflow.js';
import { lockBriefing } from './lockBriefing.js';

/** Whole threads resolve and reopen, so only a thread's first comment carries the state. */
export async function setCommentResolved(
  db: Db,
  actor: Actor,
  briefingId: string,
  commentId: string,
  resolved: boolean,
  now: Date,
) {
  return db.$transaction(async (tx) => {
    const b = await lockBriefing(tx, briefingId);
    authorizeTransition(actor, 'comment', b.state);
    const c = await tx.comment.findFirst({
      where: { id: commentId, briefingId },
      select: { id: true, parentId: true, resolvedAt: true },
    });
    if (!c) throw new NotFoundError('No such comment.');
    if (c.parentId)
      throw new ValidationError('Resolve the thread from its first comment.', {
        issues: [{ field: 'commentId', message: 'is a reply' }],
      });
    if (Boolean(c.resolvedAt) !== resolved) {
      await tx.comment.update({
        where: { id: c.id },
        data: resolved ? { resolvedAt: now, resolvedById: actor.userId } : { resolvedAt: null, resolvedById: null },
      });
      await recordAudit(tx, {
        actor,
        action: resolved ? 'comment.resolved' : 'comment.reopened',
        entityType: 'briefing',
        entityId: briefingId,
        at: now,
        data: { commentId },
      });
    }
    return { id: c.id, resolved };
  });
}
