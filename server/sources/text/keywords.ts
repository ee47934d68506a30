import { STOP_WORDS } from './stopWords.js';

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

function isContentWord(w: string): boolean {
  if (w.length < 2) return false;
  if (/^[\p{N}'’-]+$/u.test(w)) return false;
  return !STOP_WORDS.has(w.replace(/’/g, "'"));
}

/** Crude plural folding; good enough to merge "earth"/"earths", "licence"/"licences". */
function fold(w: string): string {
  return w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') ? w.slice(0, -1) : w;
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

function tally(text: string, weight: number, uni: Counter, bi: Counter, pos: { n: number }): void {
  for (const segment of text.normalize('NFKC').split(SEGMENT_SPLIT)) {
    const ws = (segment.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/['’]s$/u, ''));
    let prev: string | null = null;
    for (const w of ws) {
      pos.n++;
      if (!isContentWord(w)) {
        prev = null;
        continue;
      }
      uni.add(fold(w), w, weight, pos.n);
      if (prev) bi.add(`${fold(prev)} ${fold(w)}`, `${prev} ${w}`, weight * BIGRAM_WEIGHT, pos.n);
      prev = w;
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
