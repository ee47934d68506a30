import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import type { SourceOrigin } from '../../generated/prisma/enums.js';
import { tsQuerySql } from './tsQuery.js';

export interface SourceSearch {
  q?: string;
  publisher?: string;
  from?: Date;
  to?: Date;
  feedId?: string;
  origin?: SourceOrigin;
  includeDuplicates?: boolean;
  page?: number;
  pageSize?: number;
}

export interface SourceHit {
  id: string;
  title: string;
  publisher: string;
  url: string;
  publishedAt: Date | null;
  origin: SourceOrigin;
  duplicateOfId: string | null;
  wordCount: number;
  rank: number | null;
  /** Matching passage with «» around hits (plain text; the view escapes it). */
  snippet: string | null;
}

export interface SourceSearchResult {
  total: number;
  page: number;
  pageSize: number;
  items: SourceHit[];
}

const HEADLINE_OPTIONS = 'StartSel=«, StopSel=», MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "';

/**
 * Full-text search over Source.search (title A, text B, English stemming):
 * phrases in quotes, OR, -not, and prefix* terms; ranked by ts_rank, newest
 * first without a query. Near-duplicates are hidden unless asked for.
 */
export async function searchSources(db: Db, s: SourceSearch): Promise<SourceSearchResult> {
  const page = Math.max(1, s.page ?? 1);
  const pageSize = Math.min(Math.max(1, s.pageSize ?? 20), 100);
  const q = s.q?.trim() ? tsQuerySql(s.q) : null;
  if (s.q?.trim() && !q) return { total: 0, page, pageSize, items: [] };
  const conds: Prisma.Sql[] = [];
  if (q) conds.push(Prisma.sql`s."search" @@ (${q})`);
  if (!s.includeDuplicates) conds.push(Prisma.sql`s."duplicateOfId" IS NULL`);
  if (s.publisher) conds.push(Prisma.sql`s.publisher = ${s.publisher}`);
  if (s.from) conds.push(Prisma.sql`s."publishedAt" >= ${s.from}`);
  if (s.to) conds.push(Prisma.sql`s."publishedAt" < ${s.to}`);
  if (s.feedId) conds.push(Prisma.sql`s."feedId" = ${s.feedId}::uuid`);
  if (s.origin) conds.push(Prisma.sql`s.origin = ${s.origin}::"SourceOrigin"`);
  const where = conds.length ? Prisma.sql`WHERE ${Prisma.join(conds, ' AND ')}` : Prisma.empty;
  const rank = q ? Prisma.sql`ts_rank(s."search", ${q})::float8` : Prisma.sql`NULL::float8`;
  const order = q
    ? Prisma.sql`rank DESC, s."publishedAt" DESC NULLS LAST, s.id`
    : Prisma.sql`s."publishedAt" DESC NULLS LAST, s."createdAt" DESC, s.id`;

  // Headlines only for the rows on this page: ts_headline re-parses the text.
  const snippet = q
    ? Prisma.sql`ts_headline('english', s.text, ${q}, ${HEADLINE_OPTIONS})`
    : // A backslash in a template literal is an escape of TypeScript's, not of the regex: '\s' would reach
      // the database as 's'. The POSIX class needs no backslash.
      Prisma.sql`left(regexp_replace(s.text, '[[:space:]]+', ' ', 'g'), 240)`;
  const [count, rows] = await Promise.all([
    db.$queryRaw<{ n: bigint | number }[]>(Prisma.sql`SELECT count(*) AS n FROM "Source" s ${where}`),
    db.$queryRaw<SourceHit[]>(Prisma.sql`
      WITH p AS (
        SELECT s.id, s.title, s.publisher, s.url, s."publishedAt", s.origin::text AS origin, s."duplicateOfId", s."wordCount", ${rank} AS rank,
               left(s.text, 20000) AS text, s."createdAt"
        FROM "Source" s ${where}
        ORDER BY ${order}
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
      )
      SELECT s.id, s.title, s.publisher, s.url, s."publishedAt", s.origin, s."duplicateOfId", s."wordCount", s.rank, ${snippet} AS snippet
      FROM p s
      ORDER BY ${order}`),
  ]);
  const items = rows.map((r) => ({ ...r, rank: r.rank === null ? null : Number(r.rank) }));
  return { total: Number(count[0]?.n ?? 0), page, pageSize, items };
}

export async function listPublishers(db: Db): Promise<{ publisher: string; count: number }[]> {
  const rows = await db.source.groupBy({
    by: ['publisher'],
    where: { duplicateOfId: null },
    _count: { _all: true },
    orderBy: { publisher: 'asc' },
  });
  return rows.map((r) => ({ publisher: r.publisher, count: r._count._all }));
}
