/**
 * Polarity against the aligned passage: a negation on one side of a word-for-word match only, or put
 * into (or taken out of) an otherwise identical run of words before a function word.
 */
import type { WordToken } from '../tokens.js';
import { isNegation } from '../words.js';
import { type PassageToken, type SentenceCheck, quote, spanOf, where } from './sentenceCheck.js';

/** How many tokens from the negated stretch the matched words that pin it may stand. */
const PIN_REACH = 3;

/** How far back a negation may stand from the word it negates ("is not a must"). */
const NEGATION_REACH = 5;

/** The word at `at` is negated: a cue stands before it with no other content word or comma between. */
function negatedAt(tokens: WordToken[], text: string, offset: number, at: number): WordToken | undefined {
  for (let j = at - 1; j >= Math.max(0, at - NEGATION_REACH); j--) {
    const t = tokens[j];
    if (/[,;:()–—]/.test(text.slice(t.end - offset, tokens[j + 1].start - offset))) return undefined;
    // "no longer" negates like "not" does.
    if (t.lower === 'longer' && tokens[j - 1]?.lower === 'no') return tokens[j - 1];
    if (isNegation(t.lower, tokens[j + 1]?.lower) && tokens[j + 1]?.lower !== 'only') {
      // "no" determines the word after it: "wasted no time in revealing" negates "time", not "revealing".
      if (t.lower === 'no' && j + 1 !== at) return undefined;
      return t;
    }
    if (t.content) return undefined;
  }
  return undefined;
}

const seq = (tokens: WordToken[], from: number, words: string[]) =>
  from >= 0 && words.every((w, k) => tokens[from + k]?.lower === w);

/**
 * A negation put into or taken out of an otherwise identical run of words, where the negated word is
 * no content word ("I will not do what I can" against "I will do what I can"). The run: two words
 * before the cue and one after, or one before and two after.
 */
function negationAroundFunctionWord(c: SentenceCheck): void {
  const cues = (tokens: WordToken[]) =>
    tokens.flatMap((t, i) => (isNegation(t.lower, tokens[i + 1]?.lower) && t.lower !== 'no' ? [i] : []));
  // The words around cue i with the cue left out.
  const runs = (tokens: WordToken[], i: number) => {
    const w = (k: number) => tokens[k]?.lower ?? '';
    return [
      [w(i - 2), w(i - 1), w(i + 1)],
      [w(i - 1), w(i + 1), w(i + 2)],
    ].filter((r) => r.every(Boolean));
  };
  // The draft negates, the passage has the same words without the cue.
  for (const i of cues(c.tokens)) {
    if (c.tokens[i + 1]?.content) continue;
    const negated = [c.tokens[i - 1]?.lower ?? '', c.tokens[i].lower, c.tokens[i + 1]?.lower ?? ''];
    for (const part of c.align.parts) {
      // The passage saying both ("we will do X … we will not do Y") settles nothing.
      if (part.tokens.some((_, j) => seq(part.tokens, j, negated))) continue;
      for (const r of runs(c.tokens, i)) {
        const at = part.tokens.findIndex((_, j) => seq(part.tokens, j, r));
        if (at < 0) continue;
        const [a, b] = [part.tokens[at], part.tokens[at + 2]];
        c.emit({
          kind: 'polarity',
          start: c.tokens[i].start,
          end: c.tokens[i + 1].end,
          message: `Draft says ${quote(c.text.slice((c.tokens[i - 1] ?? c.tokens[i]).start, c.tokens[i + 1].end))}; the closest source passage (${where(c, part)}) says ${quote(part.text.slice(a.start - part.start, b.end - part.start))} without a negation.`,
          evidence: spanOf(c, part, a.start, b.end),
        });
        return;
      }
    }
  }
  // The passage negates, the draft has the same words without the cue.
  for (const part of c.align.parts) {
    for (const j of cues(part.tokens)) {
      if (part.tokens[j + 1]?.content) continue;
      const negated = [part.tokens[j - 1]?.lower ?? '', part.tokens[j].lower, part.tokens[j + 1]?.lower ?? ''];
      if (c.tokens.some((_, k) => seq(c.tokens, k, negated))) continue;
      for (const r of runs(part.tokens, j)) {
        const at = c.tokens.findIndex((_, k) => seq(c.tokens, k, r));
        if (at < 0) continue;
        const cue = part.tokens[j];
        c.emit({
          kind: 'polarity',
          start: c.tokens[at].start,
          end: c.tokens[at + 2].end,
          message: `Draft says ${quote(c.text.slice(c.tokens[at].start, c.tokens[at + 2].end))}; the closest source passage (${where(c, part)}) says ${quote(part.text.slice((part.tokens[j - 1] ?? cue).start - part.start, part.tokens[j + 1].end - part.start))}.`,
          evidence: spanOf(c, part, cue.start, part.tokens[j + 1].end),
        });
        return;
      }
    }
  }
}

/**
 * The negated stretch stands between the same matched words on both sides: "a state would not have to
 * sign a treaty" against "a state would have to sign a treaty" blocks however loose the rest is. `cue`
 * and `head` are draft token positions (the cue is the head when the passage negates); `p` is the
 * passage's head.
 */
function pinnedAround(c: SentenceCheck, cue: number, head: number, p: PassageToken): boolean {
  let before: PassageToken | undefined;
  let after: PassageToken | undefined;
  for (let k = cue - 1; k >= Math.max(0, cue - PIN_REACH) && !before; k--) before = c.matches.get(k);
  for (let k = head + 1; k <= head + PIN_REACH && !after; k++) after = c.matches.get(k);
  if (!before || !after || before.part !== p.part || after.part !== p.part) return false;
  return (
    before.at < p.at && p.at - before.at <= PIN_REACH + head - cue && after.at > p.at && after.at - p.at <= PIN_REACH
  );
}

export function checkPolarity(c: SentenceCheck): void {
  if (!checkPolarityOfMatches(c)) negationAroundFunctionWord(c);
}

/** How many tokens apart two matched words may stand for a negation between them to count as moved. */
const MOVED_REACH = 6;

/**
 * The side without a negation before the matched word has one between it and a neighbouring matched
 * word instead: "did not seem remorseful" against "it seemed that his attacker was not remorseful".
 * The negation moved within the same stretch; the statement did not turn.
 */
function negationMoved(c: SentenceCheck, i: number, p: PassageToken, draftNegated: boolean): boolean {
  const order = [...c.matches.keys()].sort((a, b) => a - b);
  const k = order.indexOf(i);
  for (const n of [order[k - 1], order[k + 1]]) {
    const q = n === undefined ? undefined : c.matches.get(n);
    if (q === undefined || q.part !== p.part || n < i !== q.at < p.at) continue;
    const [tokens, from, to] = draftNegated
      ? [p.part.tokens, Math.min(p.at, q.at), Math.max(p.at, q.at)]
      : [c.tokens, Math.min(i, n), Math.max(i, n)];
    if (to - from > MOVED_REACH) continue;
    for (let j = from + 1; j < to; j++) if (isNegation(tokens[j].lower, tokens[j + 1]?.lower)) return true;
    // The neighbour carries the negation on the other side: "not seem remorseful" against "seemed … not
    // remorseful" negates "seem" in one and "remorseful" in the other.
    const neighbourMine = Boolean(negatedAt(c.tokens, c.text, 0, n));
    const neighbourTheirs = Boolean(negatedAt(q.part.tokens, q.part.text, q.part.start, q.at));
    if (neighbourMine !== neighbourTheirs && neighbourMine !== draftNegated) return true;
  }
  return false;
}

function checkPolarityOfMatches(c: SentenceCheck): boolean {
  for (const [i, p] of c.matches) {
    const mine = negatedAt(c.tokens, c.text, 0, i);
    const theirs = negatedAt(p.part.tokens, p.part.text, p.part.start, p.at);
    if (Boolean(mine) === Boolean(theirs)) continue;
    if (negationMoved(c, i, p, Boolean(mine))) continue;
    const head = c.tokens[i];
    // "Without Schweinsteiger" against a passage that names him elsewhere ("Schweinsteiger is injured")
    // says nothing about polarity; against "with Schweinsteiger" it reverses it.
    const cue = mine ?? theirs!;
    if (cue.lower === 'without' && /^\p{Lu}/u.test(head.raw)) {
      const other = mine ? p.part.tokens[p.at - 1] : c.tokens[i - 1];
      if (other?.lower !== 'with') continue;
    }
    const from = mine ? mine.start : head.start;
    const shown = theirs ?? p;
    c.emit({
      kind: 'polarity',
      start: from,
      end: head.end,
      message: mine
        ? `Draft says ${quote(c.text.slice(from, head.end))}; the closest source passage (${where(c, p.part)}) says ${quote(p.raw)} without a negation.`
        : `Draft says ${quote(head.raw)}; the closest source passage (${where(c, p.part)}) says ${quote(p.part.text.slice(shown.start - p.part.start, p.end - p.part.start))}.`,
      evidence: spanOf(c, p.part, shown.start, p.end),
      pinned: pinnedAround(c, mine ? c.tokens.indexOf(mine) : i, i, p),
    });
    return true;
  }
  return false;
}
