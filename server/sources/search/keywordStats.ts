import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import { anyPhraseSql } from './tsQuery.js';

export interface KeywordStatsOptions {
  from?: Date;
  to?: Date;
  /** How many matching sources to list (the count is always exact). */
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
 */
export async function keywordStats(db: Db, term: string, opts: KeywordStatsOptions = {}): Promise<KeywordStats> {
  const q = anyPhraseSql([term]);
  if (!q) return { term, matches: 0, sources: [] };
  const where = Prisma.sql`s."search" @@ (${q}) AND s."duplicateOfId" IS NULL
    ${opts.from ? Prisma.sql`AND s."publishedAt" >= ${opts.from}` : Prisma.empty}
    ${opts.to ? Prisma.sql`AND s."publishedAt" < ${opts.to}` : Prisma.empty}`;
  const limit = Math.max(0, Math.min(opts.limit ?? 50, 500));
  const [countRows, rows] = await Promise.all([
    db.$queryRaw<{ n: bigint | number }[]>(Prisma.sql`SELECT count(*) AS n FROM "Source" s WHERE ${where}`),
    limit === 0
      ? Promise.resolve([])
      : db.$queryRaw<KeywordStats['sources']>(Prisma.sql`
          SELECT s.id, s.title, s.publisher, s.url, s."publishedAt", ts_rank(s."search", ${q})::float8 AS rank
          FROM "Source" s WHERE ${where}
          ORDER BY rank DESC, s."publishedAt" DESC NULLS LAST, s.id
          LIMIT ${limit}`),
  ]);
  return { term, matches: Number(countRows[0]?.n ?? 0), sources: rows.map((r) => ({ ...r, rank: Number(r.rank) })) };
}
