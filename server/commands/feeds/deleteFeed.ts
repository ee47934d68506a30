import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { NotFoundError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';

/** Unsubscribes; sources already ingested stay (their feedId is cleared by the foreign key). */
export async function deleteFeed(db: Db, actor: Actor, feedId: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const feed = await tx.feed.findUnique({ where: { id: feedId }, select: { id: true, url: true } });
    if (!feed) throw new NotFoundError('Feed not found.');
    await tx.feed.delete({ where: { id: feedId }, select: { id: true } });
    await recordAudit(tx, {
      actor,
      action: 'feed.deleted',
      entityType: 'feed',
      entityId: feedId,
      data: { url: feed.url },
      at: now,
    });
  });
}
