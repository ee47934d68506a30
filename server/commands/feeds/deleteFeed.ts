import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { NotFoundError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';

/** Unsubscribes; sources already ingested stay (their feedId is cleared by the foreign key). */
export async function deleteFeed(db: Db, actor: Actor, feedId: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const feed = await tx.feed.findUnique({ where: { id: feedId }, select: { id: true, url: true } });
    if (!feed) throw new NotFoundError('Feed not found.');
    // The same delete sent twice at once finds the row twice: the second waits for the first's
    // delete, removes nothing and is the same 404 as a later one.
    const { count } = await tx.feed.deleteMany({ where: { id: feedId } });
    if (count === 0) throw new NotFoundError('Feed not found.');
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
