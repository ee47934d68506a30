import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import { NotFoundError } from '../../errors/AppError.js';

export interface OpenDrift {
  /** Sources whose latest open drift is a change, and those that vanished. */
  changed: number;
  gone: number;
  latestAt: Date;
}

/**
 * Drift is open while it is newer than the briefing's latest publication: publishing a correction
 * closes it without anyone having to clear a flag.
 */
export async function openDriftsFor(db: Db, briefingIds: string[]): Promise<Map<string, OpenDrift>> {
  if (!briefingIds.length) return new Map();
  // Per source, its latest open drift: a source that changed and then vanished counts as gone.
  const rows = await db.$queryRaw<{ briefingId: string; changed: number; gone: number; latestAt: Date }[]>(Prisma.sql`
    WITH open AS (
      SELECT DISTINCT ON (d."briefingId", d."sourceId") d."briefingId", d.kind, d."detectedAt"
      FROM "SourceDrift" d
      WHERE d."briefingId" IN (${Prisma.join(briefingIds.map((id) => Prisma.sql`${id}::uuid`))})
        AND d."detectedAt" > COALESCE(
          (SELECT max(p."publishedAt") FROM "Publication" p WHERE p."briefingId" = d."briefingId"), '-infinity')
      ORDER BY d."briefingId", d."sourceId", d."detectedAt" DESC
    )
    SELECT "briefingId",
           count(*) FILTER (WHERE kind = 'changed')::int AS changed,
           count(*) FILTER (WHERE kind = 'gone')::int AS gone,
           max("detectedAt") AS "latestAt"
    FROM open GROUP BY "briefingId"`);
  return new Map(rows.map((r) => [r.briefingId, { changed: r.changed, gone: r.gone, latestAt: r.latestAt }]));
}

/** Every drift of a briefing's sources, newest first, with both versions' text for the diff. */
export async function briefingSourceDrift(db: Db, briefingId: string) {
  const briefing = await db.briefing.findUnique({
    where: { id: briefingId },
    select: {
      id: true,
      title: true,
      state: true,
      slug: true,
      publications: { orderBy: { version: 'desc' }, take: 1, select: { publishedAt: true, version: true } },
    },
  });
  if (!briefing) throw new NotFoundError('No such briefing.');
  const version = {
    select: { number: true, kind: true, title: true, text: true, httpStatus: true, fetchedAt: true, similarity: true },
  };
  const drifts = await db.sourceDrift.findMany({
    where: { briefingId },
    orderBy: [{ detectedAt: 'desc' }, { id: 'asc' }],
    select: { id: true, sourceId: true, kind: true, detectedAt: true, fromVersion: version, toVersion: version },
  });
  const sources = await db.source.findMany({
    where: { id: { in: [...new Set(drifts.map((d) => d.sourceId))] } },
    select: { id: true, url: true, publisher: true, title: true },
  });
  const watches = await db.sourceWatch.findMany({
    where: { sourceId: { in: sources.map((s) => s.id) } },
    select: { sourceId: true, lastCheckedAt: true, status: true, lastError: true },
  });
  return {
    briefing: { ...briefing, lastPublishedAt: briefing.publications[0]?.publishedAt ?? null },
    drifts,
    sources: new Map(sources.map((s) => [s.id, s])),
    watches: new Map(watches.map((w) => [w.sourceId, w])),
  };
}
export type BriefingSourceDrift = Awaited<ReturnType<typeof briefingSourceDrift>>;
