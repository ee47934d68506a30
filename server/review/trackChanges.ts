import { wordChanges } from './wordChanges.js';
import { EDITABLE_SECTIONS, sectionTexts, type EditableSection, type RevisionContent } from './content.js';

/** One run of the first-draft → current diff; `by` is the index in the chain of the revision that made it. */
export interface AttributedPart {
  text: string;
  op: 'same' | 'added' | 'removed';
  /** Chain index of the revision that added or removed it; null when the history does not say (text moved). */
  by: number | null;
}

/**
 * The word-level diff from the first text of `texts` to the last, each insertion and deletion
 * attributed to the step that made it. Every character carries where it came from (its offset in
 * the first text, or the step that inserted it) through each consecutive diff, and every character
 * of the first text records the step that removed it, so the final diff can be split into runs by
 * author. A word added in revision 2 and reworded in revision 3 is revision 3's.
 */
export function attributeChanges(texts: string[]): AttributedPart[] {
  const first = texts[0] ?? '';
  const last = texts[texts.length - 1] ?? '';
  let origin: number[] = Array.from({ length: first.length }, (_, i) => i);
  let insertedBy: number[] = new Array<number>(first.length).fill(0);
  const removedBy: number[] = new Array<number>(first.length).fill(-1);
  for (let step = 1; step < texts.length; step++) {
    if (texts[step] === texts[step - 1]) continue;
    const nextOrigin: number[] = [];
    const nextBy: number[] = [];
    let at = 0;
    for (const part of wordChanges(texts[step - 1], texts[step])) {
      const n = part.value.length;
      if (part.added) {
        for (let k = 0; k < n; k++) {
          nextOrigin.push(-1);
          nextBy.push(step);
        }
        continue;
      }
      for (let k = at; k < at + n; k++) {
        if (part.removed) {
          if (origin[k] >= 0) removedBy[origin[k]] = step;
        } else {
          nextOrigin.push(origin[k]);
          nextBy.push(insertedBy[k]);
        }
      }
      at += n;
    }
    origin = nextOrigin;
    insertedBy = nextBy;
  }

  const out: AttributedPart[] = [];
  const push = (text: string, op: AttributedPart['op'], by: number | null) => {
    const prev = out[out.length - 1];
    if (prev && prev.op === op && prev.by === by) prev.text += text;
    else out.push({ text, op, by });
  };
  let a = 0;
  let b = 0;
  for (const part of first === last ? [{ value: first }] : wordChanges(first, last)) {
    const n = part.value.length;
    if (!('added' in part) || (!part.added && !part.removed)) {
      push(part.value, 'same', null);
      a += n;
      b += n;
    } else if (part.added) {
      // A run whose characters came from the first draft (a move the final diff reads as an insertion) names no one.
      for (let k = 0; k < n; k++) push(part.value[k], 'added', insertedBy[b + k] > 0 ? insertedBy[b + k] : null);
      b += n;
    } else {
      for (let k = 0; k < n; k++) push(part.value[k], 'removed', removedBy[a + k] > 0 ? removedBy[a + k] : null);
      a += n;
    }
  }
  return out;
}

/** Per editable section, the first draft's text → the current text, with who made each change. */
export function trackChanges(chain: RevisionContent[]): Record<EditableSection, AttributedPart[]> {
  const texts = chain.map(sectionTexts);
  return Object.fromEntries(EDITABLE_SECTIONS.map((s) => [s, attributeChanges(texts.map((t) => t[s]))])) as Record<
    EditableSection,
    AttributedPart[]
  >;
}
