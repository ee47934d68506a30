import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { AppError, BadRequestError, ConflictError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { isUniqueViolation } from '../../db/uniqueViolation.js';
import { fetchFeed, type FetchPolicy, type FetchedFeed } from '../../sources/feeds/fetchFeed.js';
import { feedPublisher } from '../../sources/feeds/feedItemToInput.js';
import { nextPollAfterSuccess } from '../../sources/feeds/schedule.js';
import { ingestFeedDocument, type FeedIngestSummary } from './ingestFeedDocument.js';

export interface SubscribeInput {
  url: string;
  pollIntervalMinutes?: number;
  publisher?: string | null;
}

function normaliseFeedUrl(raw: string): string {
  try {
    const u = new URL(raw.trim());
    u.hash = '';
    return u.href;
  } catch {
    throw new BadRequestError('invalid_url', `Not a valid absolute URL: ${JSON.stringify(raw.slice(0, 200))}`, {
      issues: [{ field: 'url', message: 'is not a valid absolute URL' }],
    });
  }
}

/**
 * Subscribes only to something that is a feed right now: it is fetched and
 * parsed once, and an HTML page, an empty body or an unreachable host is a 400
 * naming the reason, with nothing stored. The first fetch's items are ingested.
 */
export async function subscribeFeed(
  db: Db,
  actor: Actor,
  input: SubscribeInput,
  policy: FetchPolicy,
  now = new Date(),
) {
  const url = normaliseFeedUrl(input.url);
  const subscribed = () =>
    new ConflictError('feed_exists', `You are already subscribed to ${url}.`, {
      issues: [{ field: 'url', message: 'is already subscribed' }],
    });
  if (await db.feed.findUnique({ where: { url }, select: { id: true } })) throw subscribed();
  let fetched: FetchedFeed;
  try {
    fetched = await fetchFeed(url, {}, policy);
  } catch (e) {
    if (e instanceof AppError) {
      const reason = e.detail;
      throw new BadRequestError(e.code, `Cannot subscribe to ${url}: ${reason}`, {
        issues: [{ field: 'url', message: reason }],
        cause: e,
      });
    }
    throw e;
  }
  if (fetched.notModified)
    throw new BadRequestError(
      'not_a_feed',
      `Cannot subscribe to ${url}: the server answered 304 Not Modified to a plain GET.`,
    );

  const interval = input.pollIntervalMinutes ?? 60;
  const feed = await db.$transaction(async (tx) => {
    // The same subscription sent twice at once passes the look-up above in both requests while
    // the feed is fetched: the unique index on url refuses the second, which is the same conflict.
    const row = await tx.feed
      .create({
        data: {
          url,
          title: fetched.feed.title || null,
          siteUrl: fetched.feed.siteUrl ?? null,
          publisher: input.publisher?.trim() || null,
          pollIntervalMinutes: interval,
          nextPollAt: nextPollAfterSuccess(now, interval),
          lastPolledAt: now,
          lastSuccessAt: now,
          etag: fetched.etag,
          lastModified: fetched.lastModified,
          lastProblems: fetched.feed.problems.slice(0, 50),
          createdById: actor.userId,
        },
        select: { id: true, url: true, title: true, publisher: true },
      })
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? subscribed() : e;
      });
    await recordAudit(tx, {
      actor,
      action: 'feed.subscribed',
      entityType: 'feed',
      entityId: row.id,
      data: { url, pollIntervalMinutes: interval },
      at: now,
    });
    return row;
  });
  const summary: FeedIngestSummary = await ingestFeedDocument(db, actor, fetched.feed, {
    feedId: feed.id,
    feedUrl: feed.url,
    publisher: feedPublisher(feed),
    fetchedAt: now,
    httpStatus: fetched.status,
  });
  await db.feedPoll.create({
    data: {
      feedId: feed.id,
      startedAt: now,
      finishedAt: new Date(),
      outcome: 'ok',
      httpStatus: fetched.status,
      added: summary.counts.added,
      updated: summary.counts.updated,
      duplicates: summary.counts.duplicate,
      problems: [...fetched.feed.problems, ...summary.problems].slice(0, 50),
    },
    select: { id: true },
  });
  return { feedId: feed.id, ...summary };
}
