/**
 * Where in the passage a draft word stands: the draft words just before and after it that the
 * word-by-word match ties to passage words pin a place in the passage. A different figure or name
 * in that place is evidence that the draft changed it; one elsewhere in the passage is not.
 */
import type { Passage } from '../passages.js';
import type { PassageToken, SentenceCheck } from './sentenceCheck.js';

// How many tokens a word may stand from the matched words that pin its place.
const REACH = 3;

export interface Slot {
  before?: PassageToken;
  after?: PassageToken;
}

/** The matched passage words around a span of the draft sentence, if any lie within reach. */
export function slotOf(c: SentenceCheck, span: { start: number; end: number }): Slot | undefined {
  const inside = c.tokens.flatMap((t, i) => (t.start < span.end && t.end > span.start ? [i] : []));
  if (inside.length === 0) return undefined;
  const first = inside[0];
  const last = inside[inside.length - 1];
  let before: PassageToken | undefined;
  let after: PassageToken | undefined;
  for (let i = first - 1; i >= Math.max(0, first - REACH) && !before; i--) before = c.matches.get(i);
  for (let i = last + 1; i <= last + REACH && !after; i++) after = c.matches.get(i);
  return before || after ? { before, after } : undefined;
}

/** Whether a span of `part` (offsets in its field's text) stands in the slot. */
export function inSlot(slot: Slot, part: Passage, span: { start: number; end: number }): boolean {
  const gap = (from: number, to: number) => part.tokens.filter((t) => t.start >= from && t.end <= to).length;
  const { before, after } = slot;
  if (before && (before.part !== part || span.start < before.end || gap(before.end, span.start) >= REACH)) return false;
  if (after && (after.part !== part || span.end > after.start || gap(span.end, after.start) >= REACH)) return false;
  return true;
}

/**
 * Whether the aligned passages other than `main` give the sentence a content word that `main`
 * lacks, beyond `own` (the keys of the item being checked). A sentence fusing two passages takes
 * several words from each; a passage joined to the alignment for one name or figure alone lends
 * nothing else, and the item is then held against `main`.
 */
export function othersLend(c: SentenceCheck, main: Passage, own: Set<string>, mainKeys?: Set<string>): boolean {
  const inMain = mainKeys ?? new Set(main.tokens.map((t) => t.key));
  const content = new Set(c.tokens.filter((t) => t.content).map((t) => t.key));
  return c.align.parts.some(
    (p) => p !== main && p.tokens.some((t) => content.has(t.key) && !inMain.has(t.key) && !own.has(t.key)),
  );
}
