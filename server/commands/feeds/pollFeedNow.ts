import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { ConflictError, NotFoundError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { claimFeed } from '../../sources/feeds/claimDueFeeds.js';
import type { FetchPolicy } from '../../sources/feeds/fetchFeed.js';
import { pollFeed, type PollOutcome } from './pollFeed.js';

/**
 * An editor's "poll now": takes the same lease the worker uses (so it never
 * overlaps a scheduled poll) and polls at once, paused feeds included.
 * Per-host politeness is not applied: one explicit request is not a crawl.
 */
export async function pollFeedNow(
  db: Db,
  actor: Actor,
  feedId: string,
  policy: FetchPolicy,
  now = new Date(),
): Promise<PollOutcome> {
  const exists = await db.feed.findUnique({ where: { id: feedId }, select: { id: true } });
  if (!exists) throw new NotFoundError('Feed not found.');
  const owner = `manual:${actor.userId}:${randomUUID()}`;
  if (!(await claimFeed(db, feedId, owner, now)))
    throw new ConflictError('poll_in_progress', 'This feed is being polled right now; try again in a moment.');
  const outcome = await pollFeed(db, feedId, owner, policy);
  await db.$transaction((tx) =>
    recordAudit(tx, {
      actor,
      action: 'feed.polled',
      entityType: 'feed',
      entityId: feedId,
      data: { outcome: outcome.outcome, added: outcome.added, error: outcome.error },
    }),
  );
  return outcome;
}
