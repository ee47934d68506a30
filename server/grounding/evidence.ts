/**
 * Fuzzy location of an evidence quote in a source, on normalised tokens so quote style,
 * case and whitespace never count as differences. Allows about one token edit in ten.
 */
import { normaliseText } from './tokens.js';
import { type Span, type TextIndex, findPhrase } from './sourceIndex.js';

export interface EvidenceMatch extends Span {
  distance: number;
}

export const EVIDENCE_TOLERANCE = 0.1;

/** Best approximate occurrence of `needle` anywhere in the haystack (Sellers' algorithm). */
function approximateSearch(
  needle: string[],
  hay: { norm: string }[],
): { from: number; to: number; distance: number } | undefined {
  const m = needle.length;
  const n = hay.length;
  if (m === 0 || n === 0) return undefined;
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  let prevStart = new Array<number>(m + 1);
  let curStart = new Array<number>(m + 1);
  for (let i = 0; i <= m; i++) {
    prev[i] = i;
    prevStart[i] = 0;
  }
  let best = { from: 0, to: 0, distance: Infinity };
  for (let j = 1; j <= n; j++) {
    cur[0] = 0;
    curStart[0] = j;
    const h = hay[j - 1].norm;
    for (let i = 1; i <= m; i++) {
      const sub = prev[i - 1] + (needle[i - 1] === h ? 0 : 1);
      const del = cur[i - 1] + 1;
      const ins = prev[i] + 1;
      if (sub <= del && sub <= ins) {
        cur[i] = sub;
        curStart[i] = prevStart[i - 1];
      } else if (del <= ins) {
        cur[i] = del;
        curStart[i] = curStart[i - 1];
      } else {
        cur[i] = ins;
        curStart[i] = prevStart[i];
      }
    }
    if (cur[m] < best.distance) best = { from: curStart[m], to: j, distance: cur[m] };
    [prev, cur] = [cur, prev];
    [prevStart, curStart] = [curStart, prevStart];
  }
  return best.distance === Infinity ? undefined : best;
}

export function findEvidence(ix: TextIndex, quote: string): EvidenceMatch | undefined {
  const needle = normaliseText(quote).map((t) => t.norm);
  if (needle.length === 0) return undefined;
  const exact = findPhrase(ix, needle);
  if (exact) return { ...exact, distance: 0 };
  const allowed = Math.floor(needle.length * EVIDENCE_TOLERANCE);
  if (allowed === 0) return undefined;
  const hit = approximateSearch(needle, ix.tokens);
  if (!hit || hit.distance > allowed || hit.to <= hit.from) return undefined;
  return { start: ix.tokens[hit.from].start, end: ix.tokens[hit.to - 1].end, distance: hit.distance };
}
