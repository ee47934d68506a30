import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import { NotFoundError } from '../../errors/AppError.js';
import { extractKeywords } from '../text/keywords.js';
import { anyPhraseSql } from '../search/tsQuery.js';
import { keywordStats } from '../search/keywordStats.js';
import { withIndexScans } from '../search/indexScans.js';
import { allocate, countTokens, trimToTokens } from './tokenBudget.js';

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

const KEY_TERMS = 8;
const FACT_TERMS = 5;
const FACT_SOURCE_IDS = 50;
/** The lead may take this share of the budget; related pieces share the rest. */
const LEAD_SHARE = 0.4;
/** Relevance counts most; closeness in time to the lead breaks near-ties (half-life ~ 6 months). */
const RECENCY_WEIGHT = 0.25;
const RECENCY_SCALE_SECONDS = 180 * 86400;
/**
 * A key term found in this many sources or more ("energy" in an energy desk's
 * archive) says little about relatedness: candidates come from the rarer terms,
 * and the common ones only add to the rank. Counting stops at this number.
 */
const COMMON_TERM_SOURCES = 500;
/** Ranking reads each candidate's tsvector, so only this many (closest in time to the lead) are ranked. */
const MAX_CANDIDATES = 500;

type RelatedRow = { id: string; title: string; publisher: string; url: string; publishedAt: Date | null; text: string; score: number };

/**
 * Top-`limit` sources for the key terms by relevance and closeness in time.
 * Cost is bounded whatever the corpus size: document frequencies are counted
 * only up to COMMON_TERM_SOURCES, candidates are the matches of the selective
 * terms (all terms when none is), at most MAX_CANDIDATES of them are ranked
 * against every key term, and texts are read for the winners only.
 */
async function relatedSources(db: Db, keyTerms: string[], exclude: string[], anchor: Date, limit: number): Promise<RelatedRow[]> {
  const terms = keyTerms.filter((t) => /[\p{L}\p{N}]/u.test(t));
  const all = anyPhraseSql(terms);
  if (!all) return [];
  const frequencies = await withIndexScans<{ term: string; n: number }>(db, Prisma.sql`
    SELECT t.term, (
      SELECT count(*) FROM (
        SELECT 1 FROM "Source" s
        WHERE s."search" @@ phraseto_tsquery('english', t.term) AND s."duplicateOfId" IS NULL
        LIMIT ${COMMON_TERM_SOURCES}
      ) x)::int AS n
    FROM unnest(${terms}::text[]) AS t(term)`);
  const selective = frequencies.filter((f) => f.n > 0 && f.n < COMMON_TERM_SOURCES).map((f) => f.term);
  const candidates = anyPhraseSql(selective.length > 0 ? selective : terms)!;
  const recency = Prisma.sql`exp(-abs(extract(epoch FROM (coalesce(s."publishedAt", ${anchor}::timestamptz) - ${anchor}::timestamptz))) / ${RECENCY_SCALE_SECONDS})`;
  return withIndexScans<RelatedRow>(db, Prisma.sql`
    WITH candidates AS (
      SELECT s.id FROM "Source" s
      WHERE s."search" @@ (${candidates})
        AND s."duplicateOfId" IS NULL
        AND s.id <> ALL(${exclude}::uuid[])
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
}

/**
 * Everything the drafting prompt needs about a lead source: its key terms, the
 * top-k related sources (full-text relevance on those terms, nudged by closeness
 * in time, near-duplicates and the lead's own copies excluded), trimmed so all
 * texts together fit tokenBudget, and keyword statistics ("facts") for the top terms.
 */
export async function collateForLead(
  db: Db,
  leadSourceId: string,
  { k = 8, tokenBudget = 6000 }: CollateOptions = {},
): Promise<Collation> {
  const lead = await db.source.findUnique({
    where: { id: leadSourceId },
    select: { id: true, title: true, publisher: true, url: true, publishedAt: true, text: true, keywords: true, duplicateOfId: true, fetchedAt: true },
  });
  if (!lead) throw new NotFoundError('Source not found.');

  const keyTerms = (lead.keywords.length > 0 ? lead.keywords : extractKeywords(lead.title, lead.text)).slice(0, KEY_TERMS);
  const exclude = [lead.id, ...(lead.duplicateOfId ? [lead.duplicateOfId] : [])];
  const anchor = lead.publishedAt ?? lead.fetchedAt;
  const limit = Math.max(0, Math.min(k, 50));

  // Statistics do not depend on the ranking: run them alongside it.
  const factsPromise = Promise.all(
    keyTerms.slice(0, FACT_TERMS).map(async (term) => {
      const stats = await keywordStats(db, term, { limit: FACT_SOURCE_IDS });
      return { term, matches: stats.matches, sourceIds: stats.sources.map((s) => s.id) };
    }),
  );
  factsPromise.catch(() => undefined); // awaited below; keeps an early failure from going unhandled
  const rows = limit > 0 ? await relatedSources(db, keyTerms, exclude, anchor, limit) : [];
  const texts = [lead.text, ...rows.map((r) => r.text)];
  const needs = texts.map(countTokens);
  const budget = Math.max(0, tokenBudget);
  const leadAllowance = Math.min(needs[0], Math.floor(budget * (rows.length > 0 ? LEAD_SHARE : 1)));
  const relatedAllowances = allocate(needs.slice(1), budget - leadAllowance);
  // What related pieces left unused goes back to the lead.
  const spare = budget - leadAllowance - relatedAllowances.reduce((a, b) => a + b, 0);
  const allowances = [Math.min(needs[0], leadAllowance + spare), ...relatedAllowances];
  const trimmed = texts.map((t, i) => trimToTokens(t, allowances[i]));

  const facts = await factsPromise;

  const pick = ({ id, title, publisher, url, publishedAt }: CollatedSource) => ({ id, title, publisher, url, publishedAt });
  return {
    lead: { ...pick(lead), text: trimmed[0] },
    keyTerms,
    related: rows.map((r, i) => ({ ...pick(r), text: trimmed[i + 1], score: Number(r.score) })),
    facts,
    tokenCount: trimmed.reduce((sum, t) => sum + countTokens(t), 0),
  };
}
