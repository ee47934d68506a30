import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import { lockTransaction } from '../../db/transactionLock.js';
import { leaseMsFor, type DriftSettings } from './settings.js';

// Claims are serialised (the driftClaim transaction lock) so the per-host gap sees every other
// process's fresh leases.
const HOST_OF_URL = Prisma.raw(`lower(substring(s.url from '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]+)'))`);
/** A source some published briefing rests on (as its lead or a linked source). */
const IN_PUBLISHED_USE = Prisma.raw(`(
  EXISTS (SELECT 1 FROM "BriefingSource" bs JOIN "Briefing" b ON b.id = bs."briefingId"
          WHERE bs."sourceId" = s.id AND b.state = 'published')
  OR EXISTS (SELECT 1 FROM "Briefing" b WHERE b."leadSourceId" = s.id AND b.state = 'published'))`);

/**
 * Starts watching every source of a published briefing that came from a URL or a feed and is not
 * watched yet. Imports and API sources have no address of their own to go back to.
 */
export async function watchPublishedSources(db: Db, now: Date): Promise<number> {
  // Driven from the published briefings (few) rather than from the sources (many).
  return db.$executeRaw(Prisma.sql`
    INSERT INTO "SourceWatch" ("sourceId", url, host, "nextCheckAt", "updatedAt")
    SELECT s.id, s.url, ${HOST_OF_URL}, ${now}, ${now} FROM "Source" s
    WHERE s.id IN (
        SELECT bs."sourceId" FROM "BriefingSource" bs JOIN "Briefing" b ON b.id = bs."briefingId"
        WHERE b.state = 'published'
        UNION SELECT b."leadSourceId" FROM "Briefing" b WHERE b.state = 'published')
      AND s.origin IN ('page', 'feed') AND s.url ~* '^https?://'
      AND NOT EXISTS (SELECT 1 FROM "SourceWatch" w WHERE w."sourceId" = s.id)
    ON CONFLICT DO NOTHING`);
}

/**
 * Leases up to `limit` due sources to `owner`, at most one per host, skipping hosts checked in the
 * last `hostGapSeconds` or being checked now, and sources no published briefing uses any more.
 */
export async function claimDueWatches(
  db: Db,
  owner: string,
  settings: DriftSettings,
  now: Date,
  limit = settings.batch,
): Promise<string[]> {
  const leaseUntil = new Date(now.getTime() + leaseMsFor(settings));
  const politeSince = new Date(now.getTime() - settings.hostGapSeconds * 1000);
  const rows = await db.$transaction(async (tx) => {
    await lockTransaction(tx, 'driftClaim');
    return tx.$queryRaw<{ sourceId: string }[]>(Prisma.sql`
      WITH due AS (
        SELECT w."sourceId", w.host, w."nextCheckAt" FROM "SourceWatch" w JOIN "Source" s ON s.id = w."sourceId"
        WHERE w."nextCheckAt" <= ${now}
          AND (w."leaseExpiresAt" IS NULL OR w."leaseExpiresAt" < ${now})
          AND ${IN_PUBLISHED_USE}
        ORDER BY w."nextCheckAt", w."sourceId"
        LIMIT ${limit * 10}
        FOR UPDATE OF w SKIP LOCKED
      ),
      busy AS (
        SELECT DISTINCT host FROM "SourceWatch"
        WHERE "leaseExpiresAt" >= ${now} OR "lastCheckedAt" > ${politeSince}
      ),
      pick AS (
        SELECT DISTINCT ON (host) "sourceId", "nextCheckAt" FROM due
        WHERE host NOT IN (SELECT host FROM busy)
        ORDER BY host, "nextCheckAt", "sourceId"
      )
      UPDATE "SourceWatch" SET "leaseOwner" = ${owner}, "leaseExpiresAt" = ${leaseUntil}
      WHERE "sourceId" IN (SELECT "sourceId" FROM pick ORDER BY "nextCheckAt", "sourceId" LIMIT ${limit})
      RETURNING "sourceId"`);
  });
  return rows.map((r) => r.sourceId);
}
