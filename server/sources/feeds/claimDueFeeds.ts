import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import { lockTransaction } from '../../db/transactionLock.js';
import { POLL_LEASE_MS } from './schedule.js';

// Claims are serialised (the feedClaim transaction lock) so the per-host politeness
// check sees every other process's fresh leases; the statement itself is short.
const HOST = Prisma.raw(`lower(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]+)'))`);

/**
 * Leases up to `limit` due feeds to `owner`: active, nextPollAt passed, not
 * leased by a live poll, and at most one per host, skipping hosts polled in the
 * last `hostGapSeconds` or being polled now. Rows are locked with SKIP LOCKED,
 * so concurrent claimers never get the same feed.
 */
export async function claimDueFeeds(
  db: Db,
  owner: string,
  opts: { now: Date; limit: number; hostGapSeconds: number },
): Promise<string[]> {
  const { now, limit, hostGapSeconds } = opts;
  const leaseUntil = new Date(now.getTime() + POLL_LEASE_MS);
  const politeSince = new Date(now.getTime() - hostGapSeconds * 1000);
  const rows = await db.$transaction(async (tx) => {
    await lockTransaction(tx, 'feedClaim');
    return tx.$queryRaw<{ id: string }[]>(Prisma.sql`
      WITH due AS (
        SELECT id, ${HOST} AS host, "nextPollAt" FROM "Feed"
        WHERE status = 'active' AND "nextPollAt" <= ${now}
          AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < ${now})
        ORDER BY "nextPollAt", id
        LIMIT ${limit * 10}
        FOR UPDATE SKIP LOCKED
      ),
      busy AS (
        SELECT DISTINCT ${HOST} AS host FROM "Feed"
        WHERE "leaseExpiresAt" >= ${now} OR "lastPolledAt" > ${politeSince}
      ),
      pick AS (
        SELECT DISTINCT ON (host) id, "nextPollAt" FROM due
        WHERE host IS NULL OR host NOT IN (SELECT host FROM busy WHERE host IS NOT NULL)
        ORDER BY host, "nextPollAt", id
      )
      UPDATE "Feed" SET "leaseOwner" = ${owner}, "leaseExpiresAt" = ${leaseUntil}
      WHERE id IN (SELECT id FROM pick ORDER BY "nextPollAt", id LIMIT ${limit})
      RETURNING id`);
  });
  return rows.map((r) => r.id);
}

/** Leases one specific feed ("poll now"), unless another poll holds it. */
export async function claimFeed(db: Db, feedId: string, owner: string, now: Date): Promise<boolean> {
  const n = await db.feed.updateMany({
    where: { id: feedId, OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }] },
    data: { leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + POLL_LEASE_MS) },
  });
  return n.count === 1;
}
