import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { NotFoundError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import type { FeedStatus } from '../../generated/prisma/enums.js';

export interface UpdateFeedInput {
  status?: FeedStatus;
  pollIntervalMinutes?: number;
  publisher?: string | null;
}

/** Pause/resume, schedule and publisher. Resuming makes the feed due at once and forgets past failures. */
export async function updateFeed(db: Db, actor: Actor, feedId: string, input: UpdateFeedInput, now = new Date()) {
  return db.$transaction(async (tx) => {
    const feed = await tx.feed.findUnique({
      where: { id: feedId },
      select: { id: true, status: true, pollIntervalMinutes: true, publisher: true },
    });
    if (!feed) throw new NotFoundError('Feed not found.');
    const resuming = input.status === 'active' && feed.status !== 'active';
    const data = {
      ...(input.status ? { status: input.status } : {}),
      ...(input.pollIntervalMinutes ? { pollIntervalMinutes: input.pollIntervalMinutes } : {}),
      ...(input.publisher !== undefined ? { publisher: input.publisher?.trim() || null } : {}),
      ...(resuming ? { nextPollAt: now, consecutiveFailures: 0 } : {}),
    };
    await tx.feed.update({ where: { id: feedId }, data, select: { id: true } });
    const action =
      input.status === 'paused' && feed.status !== 'paused'
        ? 'feed.paused'
        : resuming
          ? 'feed.resumed'
          : 'feed.updated';
    await recordAudit(tx, { actor, action, entityType: 'feed', entityId: feedId, data: { ...input }, at: now });
    return { id: feedId, action };
  });
}
