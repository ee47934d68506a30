import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import { NotFoundError } from '../../errors/AppError.js';
import { extractKeywords } from '../text/keywords.js';
import { anyPhraseSql } from '../search/tsQuery.js';
import { keywordStats } from '../search/keywordStats.js';
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
  const q = anyPhraseSql(keyTerms);
  const exclude = [lead.id, ...(lead.duplicateOfId ? [lead.duplicateOfId] : [])];
  const anchor = lead.publishedAt ?? lead.fetchedAt;
  const limit = Math.max(0, Math.min(k, 50));

  const rows =
    q && limit > 0
      ? await db.$queryRaw<{ id: string; title: string; publisher: string; url: string; publishedAt: Date | null; text: string; score: number }[]>(Prisma.sql`
          WITH q AS (SELECT (${q}) AS query),
          hits AS (
            SELECT s.id, ts_rank(s."search", q.query, 32)::float8 AS relevance, s."publishedAt"
            FROM "Source" s, q
            WHERE s."search" @@ q.query
              AND s."duplicateOfId" IS NULL
              AND s.id <> ALL(${exclude}::uuid[])
          ),
          scored AS (
            SELECT id, relevance * (${1 - RECENCY_WEIGHT} + ${RECENCY_WEIGHT} * exp(
              -abs(extract(epoch FROM (coalesce("publishedAt", ${anchor}) - ${anchor}::timestamptz))) / ${RECENCY_SCALE_SECONDS}
            )) AS score
            FROM hits
            ORDER BY score DESC, id
            LIMIT ${limit}
          )
          SELECT s.id, s.title, s.publisher, s.url, s."publishedAt", s.text, scored.score::float8 AS score
          FROM scored JOIN "Source" s ON s.id = scored.id
          ORDER BY scored.score DESC, s.id`)
      : [];

  const texts = [lead.text, ...rows.map((r) => r.text)];
  const needs = texts.map(countTokens);
  const budget = Math.max(0, tokenBudget);
  const leadAllowance = Math.min(needs[0], Math.floor(budget * (rows.length > 0 ? LEAD_SHARE : 1)));
  const relatedAllowances = allocate(needs.slice(1), budget - leadAllowance);
  // What related pieces left unused goes back to the lead.
  const spare = budget - leadAllowance - relatedAllowances.reduce((a, b) => a + b, 0);
  const allowances = [Math.min(needs[0], leadAllowance + spare), ...relatedAllowances];
  const trimmed = texts.map((t, i) => trimToTokens(t, allowances[i]));

  const facts = await Promise.all(
    keyTerms.slice(0, FACT_TERMS).map(async (term) => {
      const stats = await keywordStats(db, term, { limit: FACT_SOURCE_IDS });
      return { term, matches: stats.matches, sourceIds: stats.sources.map((s) => s.id) };
    }),
  );

  const pick = ({ id, title, publisher, url, publishedAt }: CollatedSource) => ({ id, title, publisher, url, publishedAt });
  return {
    lead: { ...pick(lead), text: trimmed[0] },
    keyTerms,
    related: rows.map((r, i) => ({ ...pick(r), text: trimmed[i + 1], score: Number(r.score) })),
    facts,
    tokenCount: trimmed.reduce((sum, t) => sum + countTokens(t), 0),
  };
}
