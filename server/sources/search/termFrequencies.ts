import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import { MAX_TERM_CHARS } from './tsQuery.js';

export interface TermFrequency {
  term: string;
  /**
   * Sources (near-duplicates left out) matching the term as keywordStats matches it.
   * Exact when `exact`; for a phrase, the count of its rarest word, an upper bound
   * that is also what counting the phrase would have to read.
   */
  sources: number;
  /** True for a one-word term: `sources` is then its exact keyword count. */
  exact: boolean;
  /** The term's only lexeme when `exact` (the row of "SourceLexeme" that counts it). */
  lexeme: string | null;
}

export interface TermFrequencies {
  /** Sources that are not near-duplicates. */
  corpus: number;
  terms: TermFrequency[];
}

/**
 * Document frequencies of some terms from the counts the Source triggers keep
 * ("SourceLexeme", "SourceCorpus"): one indexed lookup per lexeme, whatever the
 * corpus size. A term is parsed as keywordStats parses it (phraseto_tsquery,
 * English): one lexeme and one query node means the count is exact. A term longer than
 * MAX_TERM_CHARS is counted as matching nothing, as anyPhraseSql matches it.
 */
export async function termFrequencies(db: Db, terms: readonly string[]): Promise<TermFrequencies> {
  if (terms.length === 0) {
    const [c] = await db.$queryRaw<{ n: number | null }[]>(
      Prisma.sql`SELECT (SELECT sources FROM "SourceCorpus" WHERE id = 1) AS n`,
    );
    return { corpus: Number(c?.n ?? 0), terms: [] };
  }
  const rows = await db.$queryRaw<
    { ord: number; nodes: number; lexemes: string[]; sources: number; corpus: number | null }[]
  >(Prisma.sql`
    SELECT t.ord::int AS ord,
      numnode(phraseto_tsquery('english', t.term))::int AS nodes,
      lx.lexemes,
      coalesce((SELECT min(coalesce(sl.sources, 0)) FROM unnest(lx.lexemes) AS l LEFT JOIN "SourceLexeme" sl ON sl.lexeme = l), 0)::int AS sources,
      (SELECT sources FROM "SourceCorpus" WHERE id = 1) AS corpus
    FROM unnest(${terms.map((t) => (t.length > MAX_TERM_CHARS ? '' : t))}::text[]) WITH ORDINALITY AS t(term, ord)
      CROSS JOIN LATERAL (SELECT tsvector_to_array(to_tsvector('english', t.term)) AS lexemes) lx
    ORDER BY t.ord`);
  return {
    corpus: Number(rows[0]?.corpus ?? 0),
    terms: rows.map((r) => {
      const exact = r.nodes === 1 && r.lexemes.length === 1;
      return { term: terms[r.ord - 1], sources: Number(r.sources), exact, lexeme: exact ? r.lexemes[0] : null };
    }),
  };
}
