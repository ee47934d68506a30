import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import { anyPhraseSql } from './tsQuery.js';
import { inSearchTransaction } from './indexScans.js';
import { termFrequencies, type TermFrequency } from './termFrequencies.js';
import { listed, listingFor, oneWordStats, toStats, windowStarts, type StatsRow } from './oneWordStats.js';
import type { KeywordStats } from './keywordStatsResult.js';

export interface KeywordStatsOptions {
  from?: Date;
  to?: Date;
  /** How many matching sources to list, newest first (the count is always exact). */
  limit?: number;
}

export interface KeywordStatsOfOptions {
  limit?: number;
  /** List only ids and dates (title, publisher and url empty, rank 0): no listed row is read again or ranked. */
  idsOnly?: boolean;
}

export type { KeywordStats };

/**
 * How many distinct sources mention a keyword or phrase: near-duplicates
 * (duplicateOfId set) are left out so a syndicated story counts once.
 * This is the number a briefing quotes ("appearing in 10 keyword-matched pieces").
 *
 * A one-word term over all time is counted by the Source triggers
 * ("SourceLexeme"), so only the listed sources are read (oneWordStats); a phrase
 * or a time window is counted over its matches.
 */
export async function keywordStats(db: Db, term: string, opts: KeywordStatsOptions = {}): Promise<KeywordStats> {
  if (!anyPhraseSql([term])) return { term, matches: 0, sources: [] };
  if (opts.from || opts.to) return inSearchTransaction(db, (tx) => countedOverMatches(tx, term, opts));
  const { corpus, terms } = await termFrequencies(db, [term]);
  const [stats] = await keywordStatsOf(db, terms, corpus, opts);
  return stats;
}

/**
 * keywordStats (all time) for terms whose frequencies the caller has looked up,
 * in one transaction: the window starts in one query, then a query per term,
 * grouped by scan mode.
 */
export async function keywordStatsOf(
  db: Db,
  terms: readonly TermFrequency[],
  corpus: number,
  opts: KeywordStatsOfOptions = {},
): Promise<KeywordStats[]> {
  const limit = clampLimit(opts.limit);
  const listings = terms.map((f) =>
    f.exact && limit > 0 && f.sources > 0 ? listingFor(f.sources, corpus, limit) : null,
  );
  const out: KeywordStats[] = terms.map((f) => ({ term: f.term, matches: f.sources, sources: [] }));
  const order = (i: number) =>
    ({ ordered: 0, window: 1, matches: 2 })[listings[i]?.kind ?? 'matches'] + (terms[i].exact ? 0 : 3);
  const todo = terms
    .map((_, i) => i)
    .filter((i) => !terms[i].exact || listings[i] !== null)
    .sort((a, b) => order(a) - order(b));
  if (todo.length === 0) return out;
  return inSearchTransaction(db, async (tx, scan) => {
    const windowed = todo.flatMap((i) => {
      const l = listings[i];
      return l?.kind === 'window' ? [{ i, newest: l.newest }] : [];
    });
    const starts = await windowStarts(
      tx,
      windowed.map((w) => w.newest),
    );
    const since = new Map(windowed.map((w, j) => [w.i, starts[j]]));
    for (const i of todo) {
      const f = terms[i];
      if (f.exact) {
        out[i] = await oneWordStats(tx, scan, f, corpus, limit, since.get(i), opts.idsOnly);
      } else {
        await scan('any');
        out[i] = await countedOverMatches(tx, f.term, opts);
      }
    }
    return out;
  });
}

const clampLimit = (limit: number | undefined) => Math.max(0, Math.min(limit ?? 50, 500));

/**
 * Phrases and time windows: one pass over the matches, counted and the newest
 * listed from the same materialised set; only the listed rows are ranked,
 * because ranking (like a sequential scan) reads every matching row's tsvector.
 */
async function countedOverMatches(
  tx: Prisma.TransactionClient,
  term: string,
  opts: KeywordStatsOptions & KeywordStatsOfOptions,
): Promise<KeywordStats> {
  const q = anyPhraseSql([term]);
  if (!q) return { term, matches: 0, sources: [] };
  const limit = clampLimit(opts.limit);
  const { columns, join } = listed(q, opts.idsOnly);
  const rows = await tx.$queryRaw<StatsRow[]>(Prisma.sql`
    WITH m AS MATERIALIZED (
      SELECT s.id, s."publishedAt" FROM "Source" s
      WHERE s."search" @@ (${q}) AND s."duplicateOfId" IS NULL
        ${opts.from ? Prisma.sql`AND s."publishedAt" >= ${opts.from}` : Prisma.empty}
        ${opts.to ? Prisma.sql`AND s."publishedAt" < ${opts.to}` : Prisma.empty}
    ),
    top AS (SELECT id, "publishedAt" FROM m ORDER BY "publishedAt" DESC NULLS LAST, id LIMIT ${limit})
    SELECT c.n, ${columns}
    FROM (SELECT count(*) AS n FROM m) c
      LEFT JOIN top ON true
      ${join}
    ORDER BY top."publishedAt" DESC NULLS LAST, top.id`);
  return toStats(term, rows);
}
