import type { ScoredKeyword } from '../text/keywords.js';
import type { TermFrequency } from '../search/termFrequencies.js';

/**
 * Related sources are looked for among the matches of the rarest key terms, taken
 * rarest first while their counts add up to no more than this (always at least
 * one term): a story related to the lead shares its distinctive words, and
 * common words only add to the rank. The counts come from termFrequencies.
 */
export const CANDIDATE_MATCHES = 1_000;

export interface KeyTerm extends TermFrequency {
  /** In-text salience × inverse document frequency. */
  weight: number;
}

/**
 * Orders a lead's salient terms by tf-idf: how much the lead is about a term,
 * times ln(1 + corpus / sources with it). A word found in most of the archive
 * ("energy" on an energy desk) says little about what this story is and makes
 * a vacuous fact ("appearing in 90,000 pieces"), so a rarer term the lead
 * repeats comes first. The smoothed idf keeps a small archive (every source on
 * the same story) from ranking the story's subject below its one-off words.
 * Terms nothing matches (stop words only) come last.
 * For a phrase, the frequency of its rarest word stands in (an upper bound),
 * which can only rank it lower than it deserves.
 */
export function rankKeyTerms(
  candidates: readonly ScoredKeyword[],
  frequencies: readonly TermFrequency[],
  corpus: number,
): KeyTerm[] {
  const n = Math.max(corpus, 1);
  return candidates
    .map((c, i) => {
      const f = frequencies[i] ?? { term: c.term, sources: 0, exact: false, lexeme: null };
      return { ...f, weight: f.sources > 0 ? c.score * Math.log1p(n / Math.min(f.sources, n)) : 0, i };
    })
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
    .map(({ i: _i, ...k }) => k);
}

/** The rarest terms whose matches together stay within CANDIDATE_MATCHES. */
export function candidateTerms(keyTerms: readonly KeyTerm[]): string[] {
  const out: string[] = [];
  let total = 0;
  for (const k of [...keyTerms].filter((t) => t.sources > 0).sort((a, b) => a.sources - b.sources)) {
    if (out.length > 0 && total + k.sources > CANDIDATE_MATCHES) break;
    out.push(k.term);
    total += k.sources;
  }
  return out;
}
