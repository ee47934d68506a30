/**
 * A person's pronoun against the aligned passage. Where the draft words around a "she" are the
 * passage's words, one for one, with "he" in its place ("At age 44, she became …" against "At age
 * 44, he became …"; "on her right hand" against "on his right hand"), the draft has changed who
 * the sentence is about.
 */
import { lookupTable } from '../../util/lookupTable.js';
import type { Passage } from '../passages.js';
import type { WordToken } from '../tokens.js';
import { type SentenceCheck, quote, spanOf, where } from './sentenceCheck.js';

const GENDER = lookupTable<'f' | 'm'>({
  she: 'f',
  her: 'f',
  hers: 'f',
  herself: 'f',
  he: 'm',
  him: 'm',
  his: 'm',
  himself: 'm',
});

// How far the matched words that pin the pronoun's place may stand from it.
const REACH = 4;

function emitSwap(c: SentenceCheck, t: WordToken, part: Passage, theirs: WordToken, pinned: boolean): void {
  c.emit({
    kind: 'name_mismatch',
    start: t.start,
    end: t.end,
    message: `Draft says ${quote(t.raw)}; the closest source passage (${where(c, part)}) says ${quote(theirs.raw)}.`,
    evidence: spanOf(c, part, theirs.start, theirs.end),
    pinned,
  });
}

/**
 * A sentence that opens with the pronoun and the same word after it as an aligned passage opens with
 * the other one: "She said: …" against "He said: …", where the rest is reworded and the word after
 * the pronoun, a function word, is no match that could pin it.
 */
function openingSwap(c: SentenceCheck): void {
  const [t, next] = c.tokens;
  const mine = GENDER[t?.lower ?? ''];
  if (!mine || !next) return;
  for (const part of c.align.parts) {
    const [theirs, after] = part.tokens;
    if (!theirs || !GENDER[theirs.lower] || GENDER[theirs.lower] === mine || after?.lower !== next.lower) continue;
    emitSwap(c, t, part, theirs, false);
    return;
  }
}

export function checkPronouns(c: SentenceCheck): void {
  let openerFlagged = false;
  c.tokens.forEach((t, i) => {
    const mine = GENDER[t.lower];
    if (!mine) return;
    let b = i - 1;
    while (b >= 0 && i - b <= REACH && !c.matches.has(b)) b--;
    let a = i + 1;
    while (a < c.tokens.length && a - i <= REACH && !c.matches.has(a)) a++;
    const before = c.matches.get(b);
    const after = c.matches.get(a);
    // Pinned on both sides, or by the word after it at the start of the sentence.
    if (!after || (!before && b >= 0)) return;
    if (before && before.part !== after.part) return;
    const part: Passage = after.part;
    const from = before ? before.at + 1 : after.at - a;
    if (from < 0 || after.at - from !== a - (b + 1)) return;
    // The words between the anchors must be the passage's, one for one, but for the pronoun.
    let theirs: WordToken | undefined;
    for (let k = b + 1; k < a; k++) {
      const p = part.tokens[from + k - (b + 1)];
      if (k === i) theirs = p;
      else if (p.lower !== c.tokens[k].lower) return;
    }
    if (!theirs || !GENDER[theirs.lower] || GENDER[theirs.lower] === mine) return;
    emitSwap(c, t, part, theirs, before !== undefined);
    if (i === 0) openerFlagged = true;
  });
  if (!openerFlagged) openingSwap(c);
}
