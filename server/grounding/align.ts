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
  for (const s of ctx.sources) n += s.postings.get(key)?.length ?? 0;
  return n;
}

interface Candidate {
  src: SourcePassages;
  i: number;
  score: number;
}

function coverageOf(weights: Map<string, number>, p: Passage): number {
  let got = 0;
  for (const [k, w] of weights) if (p.keys.has(k)) got += w;
  return got;
}

function coverage(keys: Map<string, number>, total: number, parts: Passage[]): number {
  let got = 0;
  for (const [k, w] of keys) if (parts.some((p) => p.keys.has(k))) got += w;
  return total === 0 ? 0 : got / total;
}

/** Keys in more than this share of the passages are too common to propose candidates (they still count in coverage). */
const COMMON_SHARE = 0.08;

export function alignSentence(ctx: AlignContext, tokens: WordToken[]): Alignment {
  const weights = new Map<string, number>();
  const df = new Map<string, number>();
  for (const t of tokens) {
    if (!t.content || weights.has(t.key)) continue;
    const n = documentFrequency(ctx, t.key);
    df.set(t.key, n);
    weights.set(t.key, Math.log((ctx.total + 1) / (n + 0.5)));
  }
  let total = 0;
  for (const w of weights.values()) total += w;
  // Candidates come from the rarer words: a passage sharing only "energy" and "bill" is never the best.
  const limit = Math.max(3, ctx.total * COMMON_SHARE);
  let proposers = [...weights.keys()].filter((k) => (df.get(k) ?? 0) > 0 && df.get(k)! <= limit);
  if (proposers.length === 0) proposers = [...weights.keys()];
  const cands: Candidate[] = [];
  for (const src of ctx.sources) {
    const acc = new Map<number, number>();
    for (const k of proposers) {
      const w = weights.get(k)!;
      for (const i of src.postings.get(k) ?? []) acc.set(i, (acc.get(i) ?? 0) + w);
    }
    for (const [i, score] of acc) cands.push({ src, i, score });
  }
  cands.sort((a, b) => b.score - a.score || a.i - b.i);
  const top = cands.slice(0, CANDIDATES).map((c) => ({ ...c, score: coverageOf(weights, c.src.passages[c.i]) }));
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
  const consider = (parts: Passage[], shape: Alignment['shape'], gain: number) => {
    const score = coverage(weights, total, parts);
    if (score - gain > bestRank) {
      best = { parts, score, shape };
      bestRank = score - gain;
    }
  };
  for (const c of top) {
    const p = c.src.passages[c.i];
    consider([p], 'single', 0);
    for (const j of [c.i - 1, c.i + 1]) {
      const q = c.src.passages[j];
      if (q && q.field === p.field) consider(j < c.i ? [q, p] : [p, q], 'adjacent', ADJACENT_GAIN);
    }
  }
  for (let a = 0; a < top.length; a++) {
    for (let b = a + 1; b < top.length; b++) {
      const pa = top[a].src.passages[top[a].i];
      const pb = top[b].src.passages[top[b].i];
      if (top[a].src === top[b].src && Math.abs(top[a].i - top[b].i) <= 1) continue;
      consider([pa, pb], 'distant', DISTANT_GAIN);
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
