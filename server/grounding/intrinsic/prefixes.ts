/**
 * A negating prefix put on or taken off a word in the passage word's place: "small, crewed aircraft"
 * against "small, uncrewed aircraft", "an unsurprising result" against "a surprising result". WordNet
 * pairs some such words as antonyms ("known" / "unknown"), but not participles and most derived
 * adjectives, which are where drafts flip them. Only "un-" and "non-" count: "in-", "im-" and "dis-"
 * begin too many words that negate nothing ("inform", "impress", "discover"), and "invaluable" is no
 * opposite of "valuable".
 */
import { type PassageToken, type SentenceCheck, quote, spanOf, where } from './sentenceCheck.js';
import { inSlot, slotOf } from './slot.js';

const PREFIX = /^(?:un|non-?)(\p{L}{4,})$/u;

/** The word without its negating prefix, or undefined when it has none. */
function unprefixed(lower: string): string | undefined {
  return PREFIX.exec(lower)?.[1];
}

/** `flagged`: draft offsets another predicate check already flagged. */
export function checkNegatingPrefix(c: SentenceCheck, flagged: Set<number>): void {
  const draftWords = new Set(c.tokens.map((t) => t.lower));
  // Passage words the draft does not use, each by its own form and, when prefixed, by its bare form
  // (first occurrence kept): one pass over the passage per sentence, not one per draft word.
  const passageWords = new Set<string>();
  const byWord = new Map<string, PassageToken>();
  const byBare = new Map<string, PassageToken>();
  for (const p of c.ptokens) {
    passageWords.add(p.lower);
    if (draftWords.has(p.lower)) continue;
    if (!byWord.has(p.lower)) byWord.set(p.lower, p);
    const bare = unprefixed(p.lower);
    if (bare !== undefined && !byBare.has(bare)) byBare.set(bare, p);
  }
  if (byWord.size === 0) return;
  for (const t of c.tokens) {
    if (!t.content || flagged.has(t.start) || passageWords.has(t.lower)) continue;
    const bare = unprefixed(t.lower);
    const rival = bare !== undefined ? byWord.get(bare) : byBare.get(t.lower);
    if (!rival) continue;
    // Only in the draft word's own place: "unpaid leave" in one clause and "paid staff" in another
    // are two facts, not a reversal.
    const slot = slotOf(c, t);
    if (!slot || !inSlot(slot, rival.part, rival)) continue;
    c.emit({
      kind: 'polarity',
      start: t.start,
      end: t.end,
      message: `Draft says ${quote(t.raw)}; the closest source passage (${where(c, rival.part)}) says ${quote(rival.raw)}.`,
      evidence: spanOf(c, rival.part, rival.start, rival.end),
      pinned: Boolean(slot.before && slot.after),
    });
  }
}
