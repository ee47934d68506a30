import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { NotFoundError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { authorizeTransition } from '../../review/workflow.js';
import { lockBriefing } from '../../review/lockBriefing.js';
import { findMentions } from '../../review/mentions.js';
import { notify } from '../../review/notify.js';

export interface AddCommentInput {
  body: string;
  section?: string;
  parentId?: string;
}

/** Threads are one level deep: a reply to a reply joins the root's thread. */
export async function addComment(db: Db, actor: Actor, briefingId: string, input: AddCommentInput, now = new Date()) {
  const people = await db.user.findMany({
    where: { active: true },
    select: { id: true, email: true, displayName: true },
  });
  const mentioned = findMentions(input.body, people);
  return db.$transaction(async (tx) => {
    const b = await lockBriefing(tx, briefingId);
    authorizeTransition(actor, 'comment', b.state);
    let parentId: string | undefined;
    let section = input.section;
    if (input.parentId) {
      const parent = await tx.comment.findFirst({
        where: { id: input.parentId, briefingId },
        select: { id: true, parentId: true, section: true },
      });
      if (!parent) throw new NotFoundError('No such comment to reply to.');
      parentId = parent.parentId ?? parent.id;
      section = parent.section ?? undefined;
    }
    const comment = await tx.comment.create({
      data: {
        briefingId,
        parentId,
        section,
        authorId: actor.userId,
        body: input.body.trim(),
        mentions: mentioned.map((m) => m.id),
        createdAt: now,
      },
      select: { id: true, parentId: true, section: true, body: true, mentions: true, createdAt: true },
    });
    await notify(tx, {
      userIds: mentioned.map((m) => m.id),
      exceptUserId: actor.userId,
      kind: 'mention',
      briefingId,
      message: `${actor.displayName} mentioned you on "${b.title}".`,
      now,
    });
    await recordAudit(tx, {
      actor,
      action: 'comment.added',
      entityType: 'briefing',
      entityId: briefingId,
      at: now,
      data: { commentId: comment.id, parentId: parentId ?? null, section: section ?? null, mentions: comment.mentions },
    });
    return comment;
  });
}
