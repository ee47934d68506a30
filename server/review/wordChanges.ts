import { type ChangeObject, diffWordsWithSpace } from 'diff';

/**
 * Edits beyond which two texts are shown as one replaced by the other. The word diff costs the
 * texts' length times the number of edits: two unrelated 20,000-character sections took over a
 * minute on the event loop, and a word-by-word account of a wholesale rewrite helps no reader.
 * 2,000 edits still diffs a 1,000-word section rewritten throughout (a quarter of a second at most).
 */
export const MAX_DIFF_EDITS = 2000;

const part = (value: string, op: 'added' | 'removed'): ChangeObject<string> => ({
  value,
  added: op === 'added',
  removed: op === 'removed',
  count: 1,
});

/** Word-level changes from `a` to `b` (whitespace kept), or "all of a removed, all of b added" past the limit. */
export function wordChanges(a: string, b: string): ChangeObject<string>[] {
  const changes = diffWordsWithSpace(a, b, { maxEditLength: MAX_DIFF_EDITS });
  if (changes) return changes;
  return [...(a ? [part(a, 'removed')] : []), ...(b ? [part(b, 'added')] : [])];
}
