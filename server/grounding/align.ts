/**
 * Sentence alignment: for one draft sentence, the source passage (one sentence, or two: adjacent
 * ones, or one from each of two places) that covers most of its content. Coverage weighs each
 * content word by its rarity across the briefing's sources (idf), so "the", "bill" and "senator"
 * count for little and a figure or a name for much.
 */
import type { Passage, SourcePassages } from './passages.js';
import type { WordToken } from './tokens.js';

export interface AlignContext {
  sources: SourcePassages[];
  /** Number of passages across all sources. */
  total: number;
}

export interface Alignment {
  /** Weighted share of the sentence's content words found in the passage(s), 0..1. */
  score: number;
  /** One or two passages, in source order; empty when nothing shares a content word. */
  parts: Passage[];
  shape: 'none' | 'single' | 'adjacent' | 'distant';
  /** Per draft token: its key occurs in the passage(s). */
  covered: boolean[];
  /** Union of the passages' keys. */
  keys: Set<string>;
}

/** A second passage must add this much coverage to be taken: one passage is the better evidence. */
export const ADJACENT_GAIN = 0.12;
export const DISTANT_GAIN = 0.2;
const CANDIDATES = 6;

export function documentFrequency(ctx: AlignContext, key: string): number {
  let n = 0;
  for (const s of ctx.sources) n += s.postings.count(key);
  return n;
}

interface Candidate {
  src: SourcePassages;
  i: number;
  score: number;
}

/**
 * A sentence's content keys with their idf weights, in the order the sentence first uses them, as
 * parallel arrays: coverage is taken some thirty times per sentence, and sums in this order.
 */
interface Weights {
  keys: string[];
  weights: number[];
  /** How many passages hold each key. */
  df: number[];
  total: number;
}

function weigh(ctx: AlignContext, tokens: WordToken[]): Weights {
  const w: Weights = { keys: [], weights: [], df: [], total: 0 };
  const seen = new Set<string>();
  for (const t of tokens) {
    if (!t.content || seen.has(t.key)) continue;
    seen.add(t.key);
    const n = documentFrequency(ctx, t.key);
    w.keys.push(t.key);
    w.df.push(n);
    w.weights.push(Math.log((ctx.total + 1) / (n + 0.5)));
  }
  for (const x of w.weights) w.total += x;
  return w;
}

const rankedBefore = (a: Candidate, b: Candidate) => b.score - a.score || a.i - b.i;

/**
 * Adds `c` to `ranked`, kept as the first `limit` candidates in the order a stable sort by
 * `rankedBefore` would give: a sentence has hundreds of candidates and needs six.
 */
function keepBest(ranked: Candidate[], c: Candidate, limit: number): void {
  let at = ranked.length;
  while (at > 0 && rankedBefore(ranked[at - 1], c) > 0) at--;
  if (at >= limit) return;
  ranked.splice(at, 0, c);
  if (ranked.length > limit) ranked.pop();
}

// Per source and sentence: each passage's summed proposer weights, whether it was reached in this
// round (`stamp`), and the passages reached, in order. Grown as sources need, never shrunk.
let sums = new Float64Array(256);
let stamp = new Int32Array(256);
let touched = new Int32Array(256);
let round = 0;

/**
 * Sums the weights of the proposing keys each passage of `src` holds into `sums`, adding in the order
 * a per-passage total would be kept (keys in sentence order, passages in posting order); returns
 * how many passages were reached, listed in `touched` in the order they were first reached.
 */
function accumulate(src: SourcePassages, w: Weights, proposers: number[]): number {
  const n = src.passages.length;
  if (sums.length < n) {
    sums = new Float64Array(2 * n);
    stamp = new Int32Array(2 * n);
    touched = new Int32Array(2 * n);
    round = 0;
  }
  if (++round === 0x7fffffff) {
    stamp.fill(0);
    round = 1;
  }
  const { start, items } = src.postings;
  let reached = 0;
  for (const k of proposers) {
    const slot = src.postings.slot(w.keys[k]);
    if (slot < 0) continue;
    const weight = w.weights[k];
    for (let j = start[slot]; j < start[slot + 1]; j++) {
      const i = items[j];
      if (stamp[i] !== round) {
        stamp[i] = round;
        sums[i] = 0 + weight;
        touched[reached++] = i;
      } else sums[i] += weight;
    }
  }
  return reached;
}

/** Keys in more than this share of the passages are too common to propose candidates (they still count in coverage). */
const COMMON_SHARE = 0.08;

export function alignSentence(ctx: AlignContext, tokens: WordToken[]): Alignment {
  const w = weigh(ctx, tokens);
  const total = w.total;
  // Candidates come from the rarer words: a passage sharing only "energy" and "bill" is never the best.
  const limit = Math.max(3, ctx.total * COMMON_SHARE);
  const all = w.keys.map((_, k) => k);
  let proposers = all.filter((k) => w.df[k] > 0 && w.df[k] <= limit);
  if (proposers.length === 0) proposers = all;
  const ranked: Candidate[] = [];
  for (const src of ctx.sources) {
    // Scores by passage in scratch arrays, read back in the order passages were first reached.
    const reached = accumulate(src, w, proposers);
    for (let r = 0; r < reached; r++) {
      const i = touched[r];
      const score = sums[i];
      // Only a candidate that enters the six becomes an object.
      const last = ranked[CANDIDATES - 1];
      // rankedBefore(last, candidate) > 0, spelt out.
      if (ranked.length < CANDIDATES || (score - last.score || last.i - i) > 0)
        keepBest(ranked, { src, i, score }, CANDIDATES);
    }
  }
  // Which of the sentence's keys each passage holds, asked once per passage: the same dozen or so
  // passages come up in some thirty combinations below.
  const held = new Map<Passage, Uint8Array>();
  const holds = (p: Passage) => {
    let h = held.get(p);
    if (!h) {
      h = new Uint8Array(w.keys.length);
      for (let k = 0; k < w.keys.length; k++) if (p.keys.has(w.keys[k])) h[k] = 1;
      held.set(p, h);
    }
    return h;
  };
  // As coverageOf / coverage would sum: keys in sentence order.
  const got = (a: Uint8Array, b?: Uint8Array) => {
    let sum = 0;
    for (let k = 0; k < w.keys.length; k++) if (a[k] || (b !== undefined && b[k])) sum += w.weights[k];
    return sum;
  };
  const top = ranked.map((c) => ({ ...c, score: got(holds(c.src.passages[c.i])) }));
  top.sort((a, b) => b.score - a.score);
  if (top.length === 0 || total === 0) {
    return { score: 0, parts: [], shape: 'none', covered: tokens.map(() => false), keys: new Set() };
  }
  let best = {
    parts: [top[0].src.passages[top[0].i]],
    score: top[0].score / total,
    shape: 'single' as Alignment['shape'],
  };
  let bestRank = best.score;
  const consider = (first: Passage, second: Passage | undefined, shape: Alignment['shape'], gain: number) => {
    const score = got(holds(first), second && holds(second)) / total;
    if (score - gain > bestRank) {
      best = { parts: second ? [first, second] : [first], score, shape };
      bestRank = score - gain;
    }
  };
  for (const c of top) {
    const p = c.src.passages[c.i];
    consider(p, undefined, 'single', 0);
    for (const j of [c.i - 1, c.i + 1]) {
      const q = c.src.passages[j];
      if (q && q.field === p.field) {
        if (j < c.i) consider(q, p, 'adjacent', ADJACENT_GAIN);
        else consider(p, q, 'adjacent', ADJACENT_GAIN);
      }
    }
  }
  for (let a = 0; a < top.length; a++) {
    for (let b = a + 1; b < top.length; b++) {
      const pa = top[a].src.passages[top[a].i];
      const pb = top[b].src.passages[top[b].i];
      if (top[a].src === top[b].src && Math.abs(top[a].i - top[b].i) <= 1) continue;
      consider(pa, pb, 'distant', DISTANT_GAIN);
    }
  }
  const keys = new Set<string>();
  for (const p of best.parts) for (const k of p.keys) keys.add(k);
  return {
    score: best.score,
    parts: best.parts,
    shape: best.shape,
    covered: tokens.map((t) => keys.has(t.key)),
    keys,
  };
}
