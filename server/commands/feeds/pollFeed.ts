import type { Db } from '../../db/connect.js';
import { AppError } from '../../errors/AppError.js';
import { fetchFeed, type FetchPolicy } from '../../sources/feeds/fetchFeed.js';
import { feedPublisher } from '../../sources/feeds/feedItemToInput.js';
import { nextPollAfterFailure, nextPollAfterSuccess } from '../../sources/feeds/schedule.js';
import { ingestFeedDocument } from './ingestFeedDocument.js';

export interface PollOutcome {
  feedId: string;
  outcome: 'ok' | 'not_modified' | 'error';
  httpStatus: number | null;
  added: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  error: string | null;
  problems: string[];
}

const FEED_SELECT = {
  id: true,
  url: true,
  title: true,
  publisher: true,
  pollIntervalMinutes: true,
  etag: true,
  lastModified: true,
  consecutiveFailures: true,
  leaseOwner: true,
} as const;

/**
 * One poll of a feed this process holds the lease on. Never throws for feed
 * problems: every outcome is written to FeedPoll and to the feed's status, the
 * lease is released and the next poll scheduled (with backoff after failures).
 */
export async function pollFeed(
  db: Db,
  feedId: string,
  leaseOwner: string,
  policy: FetchPolicy,
  now: () => Date = () => new Date(),
): Promise<PollOutcome> {
  const feed = await db.feed.findUniqueOrThrow({ where: { id: feedId }, select: FEED_SELECT });
  const startedAt = now();
  const base: PollOutcome = {
    feedId,
    outcome: 'error',
    httpStatus: null,
    added: 0,
    updated: 0,
    unchanged: 0,
    duplicates: 0,
    error: null,
    problems: [],
  };
  let result: PollOutcome;
  let validators: { etag: string | null; lastModified: string | null; title?: string; siteUrl?: string } | null = null;
  try {
    const fetched = await fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.lastModified }, policy);
    if (fetched.notModified) {
      result = { ...base, outcome: 'not_modified', httpStatus: 304 };
    } else {
      const summary = await ingestFeedDocument(db, null, fetched.feed, {
        feedId: feed.id,
        feedUrl: feed.url,
        publisher: feedPublisher({ ...feed, title: feed.title ?? fetched.feed.title }),
        fetchedAt: startedAt,
        httpStatus: fetched.status,
      });
      validators = {
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        title: fetched.feed.title || undefined,
        siteUrl: fetched.feed.siteUrl,
      };
      result = {
        ...base,
        outcome: 'ok',
        httpStatus: fetched.status,
        added: summary.counts.added,
        updated: summary.counts.updated,
        unchanged: summary.counts.unchanged,
        duplicates: summary.counts.duplicate,
        problems: [...fetched.feed.problems, ...summary.problems].slice(0, 50),
      };
    }
  } catch (err) {
    result = {
      ...base,
      error: describe(err),
      httpStatus: err instanceof AppError && typeof err.extra?.status === 'number' ? err.extra.status : null,
    };
  }
  await recordPoll(db, feed, leaseOwner, startedAt, now(), result, validators);
  return result;
}

function describe(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.detail}`;
  // Unknown failures are bugs; keep the message short and free of stack traces.
  return `internal_error: ${(err as Error)?.message?.slice(0, 300) ?? String(err)}`;
}

async function recordPoll(
  db: Db,
  feed: { id: string; pollIntervalMinutes: number; consecutiveFailures: number; title: string | null },
  leaseOwner: string,
  startedAt: Date,
  finishedAt: Date,
  r: PollOutcome,
  validators: { etag: string | null; lastModified: string | null; title?: string; siteUrl?: string } | null,
): Promise<void> {
  const failed = r.outcome === 'error';
  const failures = failed ? feed.consecutiveFailures + 1 : 0;
  await db.$transaction([
    db.feedPoll.create({
      data: {
        feedId: feed.id,
        startedAt,
        finishedAt,
        outcome: r.outcome,
        httpStatus: r.httpStatus,
        added: r.added,
        updated: r.updated,
        duplicates: r.duplicates,
        error: r.error,
        problems: r.problems,
      },
      select: { id: true },
    }),
    // Only the lease holder may write back, so a poll that outlived its lease cannot clobber a newer one.
    db.feed.updateMany({
      where: { id: feed.id, leaseOwner },
      data: {
        leaseOwner: null,
        leaseExpiresAt: null,
        lastPolledAt: startedAt,
        consecutiveFailures: failures,
        nextPollAt: failed
          ? nextPollAfterFailure(finishedAt, feed.pollIntervalMinutes, failures)
          : nextPollAfterSuccess(finishedAt, feed.pollIntervalMinutes),
        ...(failed
          ? { lastError: r.error, lastErrorAt: finishedAt }
          : { lastSuccessAt: finishedAt, lastError: null, lastProblems: r.problems }),
        ...(validators ? { etag: validators.etag, lastModified: validators.lastModified } : {}),
        ...(validators?.title && !feed.title ? { title: validators.title } : {}),
      },
    }),
  ]);
}
