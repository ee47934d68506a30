/**
 * What the passage does not cover: a sentence joining two distant passages where neither says
 * the whole (stitched), a run of words no passage states (unsupported detail), and a modifier
 * standing before another noun than in the passage.
 */
import type { Passage } from '../passages.js';
import { synonymKeys } from '../words.js';
import { type SentenceCheck, quote, spanOf, where } from './sentenceCheck.js';

/** A run of this many uncovered content words is a detail the passage does not state. */
export const DETAIL_RUN = 3;

const JOINERS = new Set([
  'and',
  'but',
  'while',
  'which',
  'who',
  'whereas',
  'whom',
  'where',
  'when',
  'although',
  'though',
]);

/** Between adjacent tokens a and a + 1: punctuation that ends a clause, or a joining word. */
function clauseBreakBetween(c: SentenceCheck, a: number, b: number): boolean {
  const gap = c.text.slice(c.tokens[a].end, c.tokens[b].start);
  return /[,;:()–—]/.test(gap) || JOINERS.has(c.tokens[a].lower);
}

export function checkStitched(c: SentenceCheck): void {
  if (c.align.shape !== 'distant') return;
  const [pa, pb] = c.align.parts;
  const side = (i: number): 'a' | 'b' | 'both' | 'none' => {
    const k = c.tokens[i].key;
    const inA = pa.keys.has(k);
    const inB = pb.keys.has(k);
    return inA && inB ? 'both' : inA ? 'a' : inB ? 'b' : 'none';
  };
  const seq = c.tokens.map((t, i) => (t.content ? { i, s: side(i) } : undefined)).filter((x) => x !== undefined);
  const onlyA = seq.filter((x) => x.s === 'a');
  const onlyB = seq.filter((x) => x.s === 'b');
  // Two or three words from elsewhere ("in Monte Carlo", "last September") are a circumstance a
  // summary brings in from the same report; a stitch needs a clause from each side.
  if (onlyA.length < 3 || onlyB.length < 3) return;
  // A stitch puts one passage's words before the other's. Where they alternate, the two passages tell
  // the same event in their own words (a lead and the paragraph that repeats it), and the draft merges them.
  const sides = seq.filter((x) => x.s === 'a' || x.s === 'b');
  if (sides.filter((x, k) => k > 0 && x.s !== sides[k - 1].s).length > 1) return;
  const aFirst = onlyA[0].i < onlyB[0].i;
  const [first, second] = aFirst ? [onlyA, onlyB] : [onlyB, onlyA];
  const firstSide = aFirst ? 'a' : 'b';
  // Two facts joined at a clause boundary ("X did A, and Y did B") are a fair summary; a subject
  // from one place with the predicate of another is not. Walk back from where the second passage's
  // words begin: a comma or joiner before any word of the first passage means a new clause.
  if (!first.some((x) => x.i > second[0].i)) {
    let joined = false;
    for (let i = second[0].i; i > 0; i--) {
      if (clauseBreakBetween(c, i - 1, i)) {
        joined = true;
        break;
      }
      const prev = c.tokens[i - 1];
      if (prev.content && side(i - 1) === firstSide) break;
    }
    if (joined) return;
  }
  const [pFirst, pSecond] = aFirst ? [pa, pb] : [pb, pa];
  const tail = second[second.length - 1].i;
  c.emit({
    kind: 'stitched',
    start: c.tokens[second[0].i].start,
    end: c.tokens[tail].end,
    message: `This sentence joins ${quote(c.text.slice(c.tokens[first[0].i].start, c.tokens[first[first.length - 1].i].end))} from ${where(c, pFirst)} with ${quote(c.text.slice(c.tokens[second[0].i].start, c.tokens[tail].end))} from ${where(c, pSecond)}; no passage states them together.`,
    evidence: spanOf(c, pSecond, pSecond.start, pSecond.end),
  });
}

/** Words of the run that the aligned passage's whole source (or its publisher) never uses, nor any synonym of them. */
function foreignWords(c: SentenceCheck, run: number[]): number {
  const src = c.sources.find((s) => s.sourceId === c.align.parts[0]?.sourceId);
  const used = (k: string) => (src?.postings.has(k) || src?.detailKeys.has(k)) ?? false;
  return run.filter((i) => !used(c.tokens[i].key) && !synonymKeys(c.tokens[i].lower).some(used)).length;
}

export function checkUnsupportedDetail(c: SentenceCheck): void {
  const content = c.tokens.map((t, i) => ({ t, i })).filter((x) => x.t.content);
  let run: number[] = [];
  const flush = () => {
    // Reworded text brings a new word here and there; a stated detail brings several the source never uses.
    if (run.length >= DETAIL_RUN && foreignWords(c, run) >= 2) {
      const a = c.tokens[run[0]];
      const b = c.tokens[run[run.length - 1]];
      const part = c.align.parts[0];
      c.emit({
        kind: 'unsupported_detail',
        start: a.start,
        end: b.end,
        message: `No source passage states ${quote(c.text.slice(a.start, b.end))}; the closest one (${where(c, part)}) covers the rest of the sentence.`,
      });
    }
    run = [];
  };
  for (const { t, i } of content) {
    if (c.align.covered[i] || /^\d/.test(t.raw)) flush();
    else run.push(i);
  }
  flush();
}

function followedBy(part: Passage, key: string, next: string): boolean {
  return part.tokens.some((t, j) => t.key === key && part.tokens[j + 1]?.key === next);
}

export function checkModifiers(c: SentenceCheck): void {
  for (let i = 0; i + 1 < c.tokens.length; i++) {
    const mod = c.tokens[i];
    const head = c.tokens[i + 1];
    if (!mod.content || !head.content || !/^\p{Ll}/u.test(mod.raw) || /\d/.test(mod.raw + head.raw)) continue;
    if (!/^\s+$/.test(c.text.slice(mod.end, head.start))) continue;
    if (!c.align.keys.has(mod.key) || !c.align.keys.has(head.key)) continue;
    // Only a modifier used once on each side pairs up without doubt.
    if (c.tokens.filter((t) => t.key === mod.key).length > 1) continue;
    if (c.ptokens.filter((t) => t.key === mod.key).length > 1) continue;
    if (c.align.parts.some((p) => followedBy(p, mod.key, head.key))) continue;
    // In the passage the modifier qualifies another noun of this sentence, which the draft leaves bare.
    for (const part of c.align.parts) {
      const j = part.tokens.findIndex(
        (t, k) =>
          t.key === mod.key &&
          part.tokens[k + 1]?.content &&
          part.tokens[k + 1].key !== head.key &&
          c.keys.has(part.tokens[k + 1].key) &&
          /^\s+$/.test(part.text.slice(t.end - part.start, part.tokens[k + 1].start - part.start)),
      );
      if (j < 0) continue;
      const other = part.tokens[j + 1];
      const mine = c.tokens.findIndex((t) => t.key === other.key);
      if (mine > 0 && c.tokens[mine - 1].key === mod.key) continue;
      c.emit({
        kind: 'modifier',
        start: mod.start,
        end: head.end,
        message: `Draft says ${quote(`${mod.raw} ${head.raw}`)}; in the closest source passage (${where(c, part)}) ${quote(mod.raw)} goes with ${quote(other.raw)}.`,
        evidence: spanOf(c, part, part.tokens[j].start, other.end),
      });
      break;
    }
  }
}
