import { Prisma } from '../../generated/prisma/client.js';
import { anyPhraseSql } from './tsQuery.js';
import type { ScanMode } from './indexScans.js';
import type { TermFrequency } from './termFrequencies.js';
import type { KeywordStats } from './keywordStatsResult.js';

type Tx = Prisma.TransactionClient;

export type StatsRow = KeywordStats['sources'][number] & { n: unknown; id: string | null };

/**
 * How to list the newest matches of a one-word term, by how common it is (its
 * exact count is known): reading every match costs about 6 µs a match, a GIN
 * bitmap about 0.3 µs a match, checking a row's tsvector about 15 µs.
 * - rare: read every match and keep the newest;
 * - common (found in more than ~12 % of 100k sources): walk the publishedAt index
 *   from the newest and check each row, about limit × corpus / matches rows;
 * - in between: AND the term's GIN bitmap with the newest `window` sources
 *   (publishedAt index), sized to hold about twice the matches needed.
 */
export type Listing = { kind: 'matches' } | { kind: 'ordered' } | { kind: 'window'; newest: number };

export function listingFor(matches: number, corpus: number, limit: number): Listing {
  if (matches <= 3 * limit) return { kind: 'matches' };
  if (matches * matches > 30 * limit * corpus) return { kind: 'ordered' };
  return { kind: 'window', newest: Math.ceil((2 * limit * corpus) / matches) };
}

/** The publishedAt of the n-th newest dated source, for each n (null past the oldest): an index-only walk each. */
export async function windowStarts(tx: Tx, newest: readonly number[]): Promise<(Date | null)[]> {
  if (newest.length === 0) return [];
  const rows = await tx.$queryRaw<{ ord: number; since: Date | null }[]>(Prisma.sql`
    SELECT o.ord::int AS ord,
      (SELECT "publishedAt" FROM "Source" WHERE "publishedAt" IS NOT NULL ORDER BY "publishedAt" DESC OFFSET o.n LIMIT 1) AS since
    FROM unnest(${[...newest]}::int[]) WITH ORDINALITY AS o(n, ord)
    ORDER BY o.ord`);
  return rows.map((r) => r.since);
}

/**
 * keywordStats for a one-word term over all time: the count is its row in
 * "SourceLexeme" (read in the same statement as the list, so both see one
 * snapshot) and only the listed sources are read. `since` is the window start
 * for a 'window' listing (windowStarts); without it, or when the window holds
 * too few matches, the matches are read in full.
 */
export async function oneWordStats(
  tx: Tx,
  scan: (mode: ScanMode) => Promise<void>,
  f: TermFrequency,
  corpus: number,
  limit: number,
  since?: Date | null,
  idsOnly?: boolean,
): Promise<KeywordStats> {
  const q = anyPhraseSql([f.term])!;
  const { columns, join } = listed(q, idsOnly);
  const count = Prisma.sql`(SELECT coalesce((SELECT sources FROM "SourceLexeme" WHERE lexeme = ${f.lexeme}), 0) AS n)`;
  const listing = listingFor(f.sources, corpus, limit);
  // Enough dated matches in the window or index walk: they are the newest (undated ones sort last).
  const complete = (s: KeywordStats) => s.sources.length === Math.min(limit, s.matches);
  if (listing.kind === 'ordered' || (listing.kind === 'window' && since)) {
    const window = listing.kind === 'window' ? Prisma.sql`AND s."publishedAt" >= ${since}::timestamptz` : Prisma.empty;
    await scan(listing.kind === 'ordered' ? 'ordered' : 'bitmap');
    const stats = toStats(
      f.term,
      await tx.$queryRaw<StatsRow[]>(Prisma.sql`
      WITH top AS (
        SELECT s.id, s."publishedAt" FROM "Source" s
        WHERE s."search" @@ (${q}) AND s."duplicateOfId" IS NULL AND s."publishedAt" IS NOT NULL ${window}
        ORDER BY s."publishedAt" DESC, s.id
        LIMIT ${limit}
      )
      SELECT c.n, ${columns}
      FROM ${count} c
        LEFT JOIN top ON true
        ${join}
      ORDER BY top."publishedAt" DESC, top.id`),
    );
    if (complete(stats)) return stats;
  }
  await scan('any');
  return toStats(
    f.term,
    await tx.$queryRaw<StatsRow[]>(Prisma.sql`
    WITH top AS (
      SELECT s.id, s."publishedAt" FROM "Source" s
      WHERE s."search" @@ (${q}) AND s."duplicateOfId" IS NULL
      ORDER BY s."publishedAt" DESC NULLS LAST, s.id
      LIMIT ${limit}
    )
    SELECT c.n, ${columns}
    FROM ${count} c
      LEFT JOIN top ON true
      ${join}
    ORDER BY top."publishedAt" DESC NULLS LAST, top.id`),
  );
}

/**
 * The listed sources' columns: all of them and the rank, or (idsOnly, for
 * collation's facts, which keep only ids) just what the list itself holds, so
 * no row is read again and no tsvector is ranked.
 */
export function listed(q: Prisma.Sql, idsOnly: boolean | undefined): { columns: Prisma.Sql; join: Prisma.Sql } {
  return idsOnly
    ? {
        columns: Prisma.sql`top.id, ''::text AS title, ''::text AS publisher, ''::text AS url, top."publishedAt", 0::float8 AS rank`,
        join: Prisma.empty,
      }
    : {
        columns: Prisma.sql`s.id, s.title, s.publisher, s.url, s."publishedAt", ts_rank(s."search", ${q})::float8 AS rank`,
        join: Prisma.sql`LEFT JOIN "Source" s ON s.id = top.id`,
      };
}

export function toStats(term: string, rows: StatsRow[]): KeywordStats {
  const matches = Number((rows[0] as { n?: bigint | number } | undefined)?.n ?? 0);
  const sources = rows
    .filter((r) => r.id !== null)
    .map(({ id, title, publisher, url, publishedAt, rank }) => ({
      id: id,
      title,
      publisher,
      url,
      publishedAt,
      rank: Number(rank),
    }));
  return { term, matches, sources };
}
