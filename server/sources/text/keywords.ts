import { STOP_WORDS } from './stopWords.js';
import { detachString } from '../../util/detachString.js';

/**
 * Key terms used to collate related sources ("rare earths", "export licences").
 *
 * Scoring is deliberately simple and explainable to editors: frequency, with
 * title occurrences counted TITLE_WEIGHT times, and bigrams (two adjacent content
 * words, not spanning punctuation or stop words) counted double because they
 * name things more precisely. A bigram must occur at least twice (title
 * included) so one-off word pairs do not crowd out real terms, and a unigram that
 * only ever appears inside such bigrams is dropped as redundant.
 *
 * Singular and plural ("rare earth" / "rare earths") are counted together and
 * reported in their most frequent surface form.
 */
export const TITLE_WEIGHT = 3;
const BIGRAM_WEIGHT = 2;
const MIN_BIGRAM_COUNT = 2;

const SEGMENT_SPLIT = /[.,;:!?()[\]{}"“”«»|/\\…–—]+|\s-\s/u;
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/**
 * The longest keyword of a briefing's keyword list as an edit sends it (`sectionEditsSchema`,
 * `schemas/review.ts`), and the longest word a key term may hold: longer "words" (a hyphenated run
 * of a million characters is one to WORD) are no key terms, since as a phrase query one would be
 * hundreds of thousands of words.
 */
export const MAX_KEYWORD_CHARS = 100;

function isContentWord(w: string): boolean {
  if (w.length < 2 || w.length > MAX_KEYWORD_CHARS) return false;
  if (/^[\p{N}'’-]+$/u.test(w)) return false;
  return !STOP_WORDS.has(w.replace(/’/g, "'"));
}

/** Crude plural folding; good enough to merge "earth"/"earths", "licence"/"licences". */
function fold(w: string): string {
  return w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')
    ? w.slice(0, -1)
    : w;
}

interface Tally {
  score: number;
  count: number;
  first: number;
  forms: Map<string, number>;
}

class Counter {
  readonly terms = new Map<string, Tally>();
  add(key: string, form: string, weight: number, at: number): void {
    let t = this.terms.get(key);
    if (!t) {
      t = { score: 0, count: 0, first: at, forms: new Map() };
      this.terms.set(key, t);
    }
    t.score += weight;
    t.count++;
    t.forms.set(form, (t.forms.get(form) ?? 0) + 1);
  }
}

function surface(t: Tally): string {
  let best = '';
  let n = -1;
  for (const [form, c] of t.forms) if (c > n) [best, n] = [form, c];
  return best;
}

/**
 * fold(w) for a content word, null for any other: every import runs this for
 * every word, and a desk's vocabulary repeats, so answers are kept (bounded).
 */
const folded = new Map<string, string | null>();
function foldedContentWord(w: string): string | null {
  let f = folded.get(w);
  if (f === undefined) {
    if (folded.size >= 200_000) folded.clear();
    const own = detachString(w);
    f = isContentWord(own) ? detachString(fold(own)) : null;
    folded.set(own, f);
  }
  return f;
}

function tally(text: string, weight: number, uni: Counter, bi: Counter, pos: { n: number }): void {
  for (const segment of text.normalize('NFKC').split(SEGMENT_SPLIT)) {
    let prev: string | null = null;
    let prevFolded = '';
    for (let w of segment.toLowerCase().match(WORD) ?? []) {
      if (w.endsWith("'s") || w.endsWith('’s')) w = w.slice(0, -2);
      pos.n++;
      const f = foldedContentWord(w);
      if (f === null) {
        prev = null;
        continue;
      }
      uni.add(f, w, weight, pos.n);
      if (prev) bi.add(`${prevFolded} ${f}`, `${prev} ${w}`, weight * BIGRAM_WEIGHT, pos.n);
      prev = w;
      prevFolded = f;
    }
  }
}

export interface ScoredKeyword {
  term: string;
  /** Weighted frequency in this text (title × TITLE_WEIGHT, bigrams × BIGRAM_WEIGHT). */
  score: number;
}

/** The topN terms of one text with their in-text scores, most salient first. */
export function scoreKeywords(title: string, text: string, topN = 10): ScoredKeyword[] {
  const uni = new Counter();
  const bi = new Counter();
  const pos = { n: 0 };
  tally(title, TITLE_WEIGHT, uni, bi, pos);
  tally(text, 1, uni, bi, pos);

  const bigrams = [...bi.terms].filter(([, t]) => t.count >= MIN_BIGRAM_COUNT);
  const coverage = new Map<string, number>();
  for (const [key, t] of bigrams) {
    for (const part of new Set(key.split(' '))) coverage.set(part, (coverage.get(part) ?? 0) + t.count);
  }
  const unigrams = [...uni.terms].filter(([key, t]) => (coverage.get(key) ?? 0) < t.count);

  return [...bigrams, ...unigrams]
    .sort((a, b) => b[1].score - a[1].score || a[1].first - b[1].first)
    .slice(0, topN)
    .map(([, t]) => ({ term: surface(t), score: t.score }));
}

export function extractKeywords(title: string, text: string, topN = 10): string[] {
  return scoreKeywords(title, text, topN).map((k) => k.term);
}
