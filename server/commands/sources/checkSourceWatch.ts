import type { Db } from '../../db/connect.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { AppError } from '../../errors/AppError.js';
import type { FetchPolicy } from '../../sources/feeds/fetchFeed.js';
import { fetchSource, type SourceFetch } from '../../sources/drift/fetchSource.js';
import { compareVersions } from '../../sources/drift/compare.js';
import { nextCheckAfter, type DriftSettings } from '../../sources/drift/settings.js';
import { recordDrift } from '../../sources/drift/recordDrift.js';

type Tx = Prisma.TransactionClient;

export interface CheckOutcome {
  sourceId: string;
  outcome: 'not_modified' | 'unchanged' | 'baseline' | 'changed' | 'gone' | 'still_gone' | 'error' | 'lost_lease';
  httpStatus: number | null;
  /** Briefings marked by this check. */
  briefingIds: string[];
  error: string | null;
}

class LostLease extends Error {}

/**
 * One check of one source this process holds the lease on. Never throws for a source's problems:
 * a timeout, an error status or a page with no article is written to that source's watch (with
 * backoff) and the pass goes on. A material change or a disappearance stores a new SourceVersion
 * and marks every published briefing that uses the source, all in one transaction with the lease.
 */
export async function checkSourceWatch(
  db: Db,
  sourceId: string,
  owner: string,
  settings: DriftSettings,
  policy: FetchPolicy,
  now: () => Date = () => new Date(),
): Promise<CheckOutcome> {
  const watch = await db.sourceWatch.findUniqueOrThrow({
    where: { sourceId },
    select: {
      url: true,
      etag: true,
      lastModified: true,
      consecutiveFailures: true,
      source: {
        select: { origin: true, publisher: true, title: true, text: true, contentHash: true, fetchedAt: true },
      },
    },
  });
  const base: CheckOutcome = { sourceId, outcome: 'error', httpStatus: null, briefingIds: [], error: null };
  let fetched: SourceFetch;
  try {
    fetched = await fetchSource(
      watch.url,
      { etag: watch.etag, lastModified: watch.lastModified },
      watch.source.publisher,
      { ...policy, timeoutMs: settings.timeoutMs },
    );
  } catch (err) {
    const outcome: CheckOutcome = {
      ...base,
      error: describe(err),
      httpStatus: err instanceof AppError && typeof err.extra?.status === 'number' ? err.extra.status : null,
    };
    const failures = watch.consecutiveFailures + 1;
    const at = now();
    await db.sourceWatch.updateMany({
      where: { sourceId, leaseOwner: owner },
      data: {
        ...released(at),
        status: 'error',
        lastHttpStatus: outcome.httpStatus,
        lastError: outcome.error,
        consecutiveFailures: failures,
        nextCheckAt: nextCheckAfter(at, settings, failures),
      },
    });
    return outcome;
  }

  try {
    return await db.$transaction(async (tx) => {
      const at = now();
      const held = await tx.sourceWatch.updateMany({
        where: { sourceId, leaseOwner: owner },
        data: {
          ...released(at),
          lastHttpStatus: fetched.status,
          lastError: null,
          consecutiveFailures: 0,
          nextCheckAt: nextCheckAfter(at, settings, 0),
          ...(fetched.kind === 'article' ? { etag: fetched.etag, lastModified: fetched.lastModified } : {}),
          ...(fetched.kind === 'gone' ? { etag: null, lastModified: null } : {}),
        },
      });
      // A check that outlived its lease must not write over a newer one's result.
      if (held.count !== 1) throw new LostLease();
      const result = await applyFetch(tx, sourceId, watch.source, fetched, at);
      await tx.sourceWatch.update({
        where: { sourceId },
        data: {
          status:
            result.outcome === 'gone' || result.outcome === 'still_gone'
              ? 'gone'
              : result.outcome === 'changed'
                ? 'changed'
                : 'ok',
          ...(result.outcome === 'changed' || result.outcome === 'gone' ? { lastChangedAt: at } : {}),
        },
      });
      return { ...base, ...result, httpStatus: fetched.status };
    });
  } catch (err) {
    if (err instanceof LostLease) return { ...base, outcome: 'lost_lease' };
    throw err;
  }
}

const released = (at: Date) => ({
  leaseOwner: null,
  leaseExpiresAt: null,
  lastCheckedAt: at,
  checks: { increment: 1 },
});

async function applyFetch(
  tx: Tx,
  sourceId: string,
  source: { origin: string; title: string; text: string; contentHash: string; fetchedAt: Date },
  fetched: SourceFetch,
  at: Date,
): Promise<Pick<CheckOutcome, 'outcome' | 'briefingIds'>> {
  if (fetched.kind === 'not_modified') return { outcome: 'not_modified', briefingIds: [] };
  let latest = await tx.sourceVersion.findFirst({
    where: { sourceId },
    orderBy: { number: 'desc' },
    select: { id: true, number: true, kind: true, title: true, text: true, contentHash: true },
  });
  if (!latest) {
    // A page source was read by the same extraction, so its stored text is the original. A feed
    // item's text is the feed's, not the page's: the first fetch of the page becomes the original.
    const original =
      source.origin === 'page' || fetched.kind !== 'article'
        ? { title: source.title, text: source.text, contentHash: source.contentHash, fetchedAt: source.fetchedAt }
        : { title: fetched.title, text: fetched.text, contentHash: fetched.contentHash, fetchedAt: at };
    latest = await tx.sourceVersion.create({
      data: { sourceId, number: 1, kind: 'original', ...original, httpStatus: null },
      select: { id: true, number: true, kind: true, title: true, text: true, contentHash: true },
    });
    if (source.origin !== 'page' && fetched.kind === 'article') return { outcome: 'baseline', briefingIds: [] };
  }
  if (fetched.kind === 'gone') {
    if (latest.kind === 'gone') return { outcome: 'still_gone', briefingIds: [] };
    const version = await tx.sourceVersion.create({
      data: {
        sourceId,
        number: latest.number + 1,
        kind: 'gone',
        title: latest.title,
        text: '',
        contentHash: '',
        similarity: 0,
        httpStatus: fetched.status,
        fetchedAt: at,
      },
      select: { id: true, number: true },
    });
    const briefingIds = await recordDrift(tx, { sourceId, kind: 'gone', from: latest, to: version, similarity: 0, at });
    return { outcome: 'gone', briefingIds };
  }
  const cmp = latest.kind === 'gone' ? { material: true, similarity: 0 } : compareVersions(latest, fetched);
  if (!cmp.material) return { outcome: 'unchanged', briefingIds: [] };
  const version = await tx.sourceVersion.create({
    data: {
      sourceId,
      number: latest.number + 1,
      kind: 'changed',
      title: fetched.title,
      text: fetched.text,
      contentHash: fetched.contentHash,
      similarity: cmp.similarity,
      httpStatus: fetched.status,
      fetchedAt: at,
    },
    select: { id: true, number: true },
  });
  const briefingIds = await recordDrift(tx, {
    sourceId,
    kind: 'changed',
    from: latest,
    to: version,
    similarity: cmp.similarity,
    at,
  });
  return { outcome: 'changed', briefingIds };
}

function describe(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.detail}`.slice(0, 500);
  // Unknown failures are bugs; keep the message short and free of stack traces.
  return `internal_error: ${(err as Error)?.message?.slice(0, 300) ?? String(err)}`;
}
