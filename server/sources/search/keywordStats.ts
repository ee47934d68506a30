import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import { anyPhraseSql } from './tsQuery.js';
import { withIndexScans } from './indexScans.js';

export interface KeywordStatsOptions {
  from?: Date;
  to?: Date;
  /** How many matching sources to list, newest first (the count is always exact). */
  limit?: number;
}

export interface KeywordStats {
  term: string;
  matches: number;
  sources: { id: string; title: string; publisher: string; url: string; publishedAt: Date | null; rank: number }[];
}

/**
 * How many distinct sources mention a keyword or phrase: near-duplicates
 * (duplicateOfId set) are left out so a syndicated story counts once.
 * This is the number a briefing quotes ("appearing in 10 keyword-matched pieces").
 *
 * One pass over the matches: they are counted and the newest listed from the
 * same materialised set, and only the listed rows are ranked, because ranking
 * (like a sequential scan) reads every matching row's tsvector.
 */
export async function keywordStats(db: Db, term: string, opts: KeywordStatsOptions = {}): Promise<KeywordStats> {
  const q = anyPhraseSql([term]);
  if (!q) return { term, matches: 0, sources: [] };
  const limit = Math.max(0, Math.min(opts.limit ?? 50, 500));
  const rows = await withIndexScans(db, Prisma.sql`
    WITH m AS MATERIALIZED (
      SELECT s.id, s."publishedAt" FROM "Source" s
      WHERE s."search" @@ (${q}) AND s."duplicateOfId" IS NULL
        ${opts.from ? Prisma.sql`AND s."publishedAt" >= ${opts.from}` : Prisma.empty}
        ${opts.to ? Prisma.sql`AND s."publishedAt" < ${opts.to}` : Prisma.empty}
    ),
    top AS (SELECT id, "publishedAt" FROM m ORDER BY "publishedAt" DESC NULLS LAST, id LIMIT ${limit})
    SELECT c.n, s.id, s.title, s.publisher, s.url, s."publishedAt", ts_rank(s."search", ${q})::float8 AS rank
    FROM (SELECT count(*) AS n FROM m) c
      LEFT JOIN top ON true
      LEFT JOIN "Source" s ON s.id = top.id
    ORDER BY top."publishedAt" DESC NULLS LAST, top.id`);
  const matches = Number((rows[0] as { n?: bigint | number } | undefined)?.n ?? 0);
  const sources = (rows as (KeywordStats['sources'][number] & { n: unknown; id: string | null })[])
    .filter((r) => r.id !== null)
    .map(({ id, title, publisher, url, publishedAt, rank }) => ({ id: id as string, title, publisher, url, publishedAt, rank: Number(rank) }));
  return { term, matches, sources };
}
