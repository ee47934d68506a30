import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import { NotFoundError } from '../../errors/AppError.js';
import { scoreKeywords } from '../text/keywords.js';
import { anyPhraseSql } from '../search/tsQuery.js';
import { keywordStatsOf } from '../search/keywordStats.js';
import { inSearchTransaction } from '../search/indexScans.js';
import { termFrequencies } from '../search/termFrequencies.js';
import { candidateTerms, rankKeyTerms, type KeyTerm } from './keyTerms.js';
import { allocate, fitToAllowances, trimEncoded } from './tokenBudget.js';

export interface CollatedSource {
  id: string;
  title: string;
  publisher: string;
  url: string;
  publishedAt: Date | null;
  text: string;
}

export interface Collation {
  lead: CollatedSource;
  keyTerms: string[];
  related: (CollatedSource & { score: number })[];
  facts: { term: string; matches: number; sourceIds: string[] }[];
  /** Tokens of lead.text plus every related text, after trimming (≤ tokenBudget). */
  tokenCount: number;
}

export interface CollateOptions {
  k?: number;
  tokenBudget?: number;
}

/** Salient terms of the lead considered; tf-idf keeps the best KEY_TERMS of them. */
const CANDIDATE_TERMS = 20;
const KEY_TERMS = 8;
const FACT_TERMS = 5;
const FACT_SOURCE_IDS = 50;
/**
 * A phrase is counted by reading every source that has all its words (its
 * frequency is only known to be at most its rarest word's), about 7 µs each: a
 * fact is quoted for a phrase whose rarest word is in at most this many sources.
 * One-word terms are counted by the triggers and always qualify.
 */
const PHRASE_FACT_MAX_SOURCES = 1_500;
/** Terms come from the start of a very long lead (a 200,000-word report): its subject is stated there. */
const KEYWORD_TEXT_CHARS = 100_000;
/** The lead may take this share of the budget; related pieces share the rest. */
const LEAD_SHARE = 0.4;
/** Relevance counts most; closeness in time to the lead breaks near-ties (half-life ~ 6 months). */
const RECENCY_WEIGHT = 0.25;
const RECENCY_SCALE_SECONDS = 180 * 86400;
/** Ranking reads each candidate's tsvector (~15 µs each), so only this many (closest in time to the lead) are ranked. */
const MAX_CANDIDATES = 100;

/** At most this many sources each side of the lead in the window: a sparse term then yields fewer candidates rather than a longer walk. */
const WINDOW_SOURCES = 5_000;

type RelatedRow = {
  id: string;
  title: string;
  publisher: string;
  url: string;
  publishedAt: Date | null;
  text: string;
  score: number;
};

/**
 * Top-`limit` sources for the key terms by relevance and closeness in time.
 * Cost is bounded whatever the corpus size: candidates are the matches of the
 * selective terms (when even the rarest term is common, only those published
 * around the lead: a window of the publishedAt index sized to hold about twice
 * MAX_CANDIDATES of them, ANDed with the GIN match before any row is read), at
 * most MAX_CANDIDATES of them are ranked against every key term, and texts are
 * read for the winners only.
 */
async function relatedSources(
  db: Db,
  keyTerms: KeyTerm[],
  corpus: number,
  exclude: string[],
  anchor: Date,
  limit: number,
): Promise<RelatedRow[]> {
  const all = anyPhraseSql(keyTerms.filter((k) => k.sources > 0).map((k) => k.term));
  const chosen = candidateTerms(keyTerms);
  const candidates = anyPhraseSql(chosen);
  if (!all || !candidates) return [];
  const matches = keyTerms.filter((k) => chosen.includes(k.term)).reduce((n, k) => n + k.sources, 0);
  const recency = Prisma.sql`exp(-abs(extract(epoch FROM (coalesce(s."publishedAt", ${anchor}::timestamptz) - ${anchor}::timestamptz))) / ${RECENCY_SCALE_SECONDS})`;
  return inSearchTransaction(db, async (tx, scan) => {
    let window = Prisma.empty;
    // Reading every match costs ~8 µs each; the window ~0.2 µs per source in it
    // (2 × MAX_CANDIDATES × corpus / matches), 0.3 µs per match for the GIN
    // bitmap and 8 µs per match in it: it wins once matches² > ~MAX_CANDIDATES ×
    // corpus / 10 (1,000 matches at 100k sources).
    if (matches * matches > (MAX_CANDIDATES * corpus) / 60) {
      const around = Math.min(WINDOW_SOURCES, Math.ceil((MAX_CANDIDATES * Math.max(corpus, 1)) / matches));
      const [w] = await tx.$queryRaw<{ lo: Date | null; hi: Date | null }[]>(Prisma.sql`
        SELECT
          (SELECT "publishedAt" FROM "Source" WHERE "publishedAt" <= ${anchor}::timestamptz ORDER BY "publishedAt" DESC OFFSET ${around} LIMIT 1) AS lo,
          (SELECT "publishedAt" FROM "Source" WHERE "publishedAt" >= ${anchor}::timestamptz ORDER BY "publishedAt" OFFSET ${around} LIMIT 1) AS hi`);
      const bounds = [
        ...(w?.lo ? [Prisma.sql`s."publishedAt" >= ${w.lo}::timestamptz`] : []),
        ...(w?.hi ? [Prisma.sql`s."publishedAt" <= ${w.hi}::timestamptz`] : []),
      ];
      if (bounds.length > 0) {
        // Undated sources count as published with the lead, as in the recency score.
        window = Prisma.sql`AND (s."publishedAt" IS NULL OR (${Prisma.join(bounds, ' AND ')}))`;
        await scan('bitmap');
      }
    }
    return tx.$queryRaw<RelatedRow[]>(Prisma.sql`
      WITH candidates AS (
        SELECT s.id FROM "Source" s
        WHERE s."search" @@ (${candidates})
          AND s."duplicateOfId" IS NULL
          AND s.id <> ALL(${exclude}::uuid[])
          ${window}
        ORDER BY ${recency} DESC, s.id
        LIMIT ${MAX_CANDIDATES}
      ),
      scored AS (
        SELECT s.id, ts_rank(s."search", (${all}), 32) * (${1 - RECENCY_WEIGHT} + ${RECENCY_WEIGHT} * ${recency}) AS score
        FROM candidates c JOIN "Source" s ON s.id = c.id
        ORDER BY score DESC, s.id
        LIMIT ${limit}
      )
      SELECT s.id, s.title, s.publisher, s.url, s."publishedAt", s.text, scored.score::float8 AS score
      FROM scored JOIN "Source" s ON s.id = scored.id
      ORDER BY scored.score DESC, s.id`);
  });
}

/**
 * Everything the drafting prompt needs about a lead source: its key terms (its
 * most salient terms ranked by tf-idf against the archive, see rankKeyTerms), the
 * top-k related sources (full-text relevance on those terms, nudged by closeness
 * in time, near-duplicates and the lead's own copies excluded), trimmed so all
 * texts together fit tokenBudget, and keyword statistics ("facts") for the top terms.
 * Document frequencies come from the counts the Source triggers keep, so no
 * query here grows with how many sources mention a common word.
 */
export async function collateForLead(
  db: Db,
  leadSourceId: string,
  { k = 8, tokenBudget = 6000 }: CollateOptions = {},
): Promise<Collation> {
  const lead = await db.source.findUnique({
    where: { id: leadSourceId },
    select: {
      id: true,
      title: true,
      publisher: true,
      url: true,
      publishedAt: true,
      text: true,
      keywords: true,
      duplicateOfId: true,
      fetchedAt: true,
    },
  });
  if (!lead) throw new NotFoundError('Source not found.');

  const candidates = scoreKeywords(lead.title, lead.text.slice(0, KEYWORD_TEXT_CHARS), CANDIDATE_TERMS);
  const scored = candidates.length > 0 ? candidates : lead.keywords.map((term) => ({ term, score: 1 }));
  const { corpus, terms } = await termFrequencies(
    db,
    scored.map((c) => c.term),
  );
  const ranked = rankKeyTerms(scored, terms, corpus).slice(0, KEY_TERMS);
  const keyTerms = ranked.map((k) => k.term);
  const exclude = [lead.id, ...(lead.duplicateOfId ? [lead.duplicateOfId] : [])];
  const anchor = lead.publishedAt ?? lead.fetchedAt;
  const limit = Math.max(0, Math.min(k, 50));

  // Statistics do not depend on the ranking: run them alongside it.
  const factTerms = ranked.filter((t) => t.exact || t.sources <= PHRASE_FACT_MAX_SOURCES).slice(0, FACT_TERMS);
  const factsPromise = keywordStatsOf(db, factTerms, corpus, { limit: FACT_SOURCE_IDS, idsOnly: true }).then((all) =>
    all.map((stats) => ({ term: stats.term, matches: stats.matches, sourceIds: stats.sources.map((s) => s.id) })),
  );
  factsPromise.catch(() => undefined); // awaited below; keeps an early failure from going unhandled
  const rows = limit > 0 ? await relatedSources(db, ranked, corpus, exclude, anchor, limit) : [];
  const budget = Math.max(0, tokenBudget);
  const allot = (needs: number[]) => {
    const leadAllowance = Math.min(needs[0], Math.floor(budget * (rows.length > 0 ? LEAD_SHARE : 1)));
    const relatedAllowances = allocate(needs.slice(1), budget - leadAllowance);
    // What related pieces left unused goes back to the lead.
    const spare = budget - leadAllowance - relatedAllowances.reduce((a, b) => a + b, 0);
    return [Math.min(needs[0], leadAllowance + spare), ...relatedAllowances];
  };
  // Each text is tokenized once, as far as its allowance reaches: its count, its
  // cut and the total all come from that.
  const {
    texts,
    tokens: encoded,
    allowances,
  } = fitToAllowances([lead.text, ...rows.map((r) => r.text)], budget, allot);
  const cuts = texts.map((t, i) => trimEncoded(t, encoded[i], allowances[i]));
  const trimmed = cuts.map((c) => c.text);
  const tokenCount = cuts.reduce((sum, c) => sum + c.tokens, 0);

  const facts = await factsPromise;

  const pick = ({ id, title, publisher, url, publishedAt }: CollatedSource) => ({
    id,
    title,
    publisher,
    url,
    publishedAt,
  });
  return {
    lead: { ...pick(lead), text: trimmed[0] },
    keyTerms,
    related: rows.map((r, i) => ({ ...pick(r), text: trimmed[i + 1], score: Number(r.score) })),
    facts,
    tokenCount,
  };
}
