/**
 * Predicate checks against the aligned passage: an opposite word in the same place (direction, from
 * WordNet's antonyms), and a settled statement where the passage hedges or the reverse (certainty,
 * advisory). Negation is `polarity.ts`.
 */
import type { WordToken } from '../tokens.js';
import { CERTAINS, HEDGES, lemmasOf, oppositesOf, verbOppositesOf } from '../words.js';
import { type PassageToken, type SentenceCheck, quote, spanOf, where } from './sentenceCheck.js';
import { inSlot, slotOf } from './slot.js';

const SCOPE = 4;
/** Content neighbours of a draft token: the words that place it in the sentence. */
function neighbours(tokens: WordToken[], i: number): Set<string> {
  const out = new Set<string>();
  for (const step of [-1, 1]) {
    let got = 0;
    for (let j = i + step; j >= 0 && j < tokens.length && got < 2 && Math.abs(j - i) <= SCOPE; j += step) {
      if (tokens[j].content) {
        out.add(tokens[j].key);
        got++;
      }
    }
  }
  return out;
}

/** How many of the draft word's neighbours stand within three tokens of passage token `p`. */
function passageFit(p: PassageToken, keys: Set<string>): number {
  const toks = p.part.tokens;
  const seen = new Set<string>();
  for (let j = Math.max(0, p.at - 3); j <= Math.min(toks.length - 1, p.at + 3); j++) {
    if (j !== p.at && keys.has(toks[j].key)) seen.add(toks[j].key);
  }
  return seen.size;
}

const DETERMINERS = new Set(['a', 'an', 'the', 'his', 'her', 'its', 'their', 'our', 'my', 'your', 'this', 'that']);

/** The next word opens an object (a determiner or a name): the word before it is read as a verb. */
function takesObject(next: WordToken | undefined): boolean {
  return next !== undefined && (DETERMINERS.has(next.lower) || /^\p{Lu}/u.test(next.raw));
}

/** Returns the draft offsets it flagged, so the rating check does not flag the same word again. */
export function checkDirection(c: SentenceCheck): Set<number> {
  const flagged = new Set<number>();
  // Passage words by dictionary form, once per sentence: each draft word then looks up its opposites.
  const byLemma = new Map<string, PassageToken[]>();
  // A passage word the draft also uses is no rival, unless the passage uses it more often: "expect a
  // decrease of 30 percent …, and an increase of 32 percent" against two increases.
  const count = (tokens: { key: string }[]) => {
    const m = new Map<string, number>();
    for (const t of tokens) m.set(t.key, (m.get(t.key) ?? 0) + 1);
    return m;
  };
  const mine = count(c.tokens);
  const theirs = count(c.ptokens);
  for (const p of c.ptokens) {
    const used = mine.get(p.key) ?? 0;
    // Function words ("on", "off") recur too freely for their count to mean anything.
    if (used > 0 && (!p.content || used >= theirs.get(p.key)!)) continue;
    for (const l of lemmasOf(p.lower)) {
      const list = byLemma.get(l);
      if (list) list.push(p);
      else byLemma.set(l, [p]);
    }
  }
  if (byLemma.size === 0) return flagged;
  c.tokens.forEach((t, i) => {
    if (!/^\p{L}/u.test(t.raw)) return;
    const opposite = (takesObject(c.tokens[i + 1]) && verbOppositesOf(t.lower)) || oppositesOf(t.lower);
    if (opposite.size === 0) return;
    const rivals = new Set<PassageToken>();
    for (const o of opposite) for (const p of byLemma.get(o) ?? []) rivals.add(p);
    if (rivals.size === 0) return;
    const around = neighbours(c.tokens, i);
    // The passage word in the draft word's place is the one with most of its neighbours around it:
    // "exports fell 12%" answers "exports rose 12%" even where "rose" occurs later about something else.
    let same = 0;
    for (const p of c.ptokens) if (p.key === t.key) same = Math.max(same, passageFit(p, around));
    let best: PassageToken | undefined;
    let bestFit = 0;
    for (const p of rivals) {
      const f = passageFit(p, around);
      if (f > bestFit) {
        best = p;
        bestFit = f;
      }
    }
    if (!best || bestFit <= same) return;
    const roles = rolesOf(c, i, best);
    if (roles === 'converse') return;
    flagged.add(t.start);
    c.emit({
      kind: 'direction',
      start: t.start,
      end: t.end,
      message: `Draft says ${quote(t.raw)}; the closest source passage (${where(c, best.part)}) says ${quote(best.raw)}.`,
      evidence: spanOf(c, best.part, best.start, best.end),
      pinned: roles === 'same' || inOwnSlot(c, t, best),
    });
  });
  return flagged;
}

/** The opposite stands between the same matched words as the draft word: "for large, uncrewed" / "for small, uncrewed". */
function inOwnSlot(c: SentenceCheck, t: WordToken, rival: PassageToken): boolean {
  const slot = slotOf(c, t);
  return Boolean(slot?.before && slot.after && inSlot(slot, rival.part, rival));
}

const CLAUSE_BREAK = /[,;:()–—]/;

/** The content word doing the action of token `at`: the nearest one before it in its clause. */
function actorBefore(tokens: WordToken[], text: string, offset: number, at: number): string | undefined {
  for (let j = at - 1; j >= Math.max(0, at - 4); j--) {
    if (CLAUSE_BREAK.test(text.slice(tokens[j].end - offset, tokens[j + 1].start - offset))) return undefined;
    if (tokens[j].content) return tokens[j].key;
  }
  return undefined;
}

const COUNTERPART = new Set(['to', 'from', 'by', 'against', 'over', 'with']);

/**
 * Who does what on each side of an opposite pair. 'same': one actor does the opposite, a reversal
 * however loosely the rest is aligned ("Acme bought the unit from Globex" against "Acme sold the
 * unit to Globex"). 'converse': the draft's actor is the passage's other party, named after the
 * opposite word by "to", "from", "by" … or as its first object: the same event told from the other side ("City have won
 * the last four derbies" against "United have lost the last four derbies to City").
 */
function rolesOf(c: SentenceCheck, i: number, rival: PassageToken): 'same' | 'converse' | undefined {
  const mine = actorBefore(c.tokens, c.text, 0, i);
  if (!mine) return undefined;
  const { tokens, text, start } = rival.part;
  const theirs = actorBefore(tokens, text, start, rival.at);
  if (theirs === mine) return 'same';
  let objectSeen = false;
  for (let j = rival.at + 1; j < Math.min(tokens.length, rival.at + 9); j++) {
    if (CLAUSE_BREAK.test(text.slice(tokens[j - 1].end - start, tokens[j].start - start))) break;
    // "lent the startup $5 million": the first party after the verb is the other one too.
    if (tokens[j].key === mine && (!objectSeen || COUNTERPART.has(tokens[j - 1].lower))) return 'converse';
    objectSeen ||= tokens[j].content;
  }
  return undefined;
}

function cueBefore(
  tokens: WordToken[],
  text: string,
  offset: number,
  at: number,
): { j: number; hedge: boolean } | undefined {
  for (let j = at - 1; j >= Math.max(0, at - 3); j--) {
    if (CLAUSE_BREAK.test(text.slice(tokens[j].end - offset, tokens[j + 1].start - offset))) return undefined;
    if (HEDGES[tokens[j].lower]) return { j, hedge: true };
    if (CERTAINS[tokens[j].lower]) return { j, hedge: false };
    if (tokens[j].content) return undefined;
  }
  return undefined;
}

export function checkCertainty(c: SentenceCheck): void {
  for (const [i, p] of c.matches) {
    const mine = cueBefore(c.tokens, c.text, 0, i);
    const theirs = cueBefore(p.part.tokens, p.part.text, p.part.start, p.at);
    if (!mine || !theirs || mine.hedge === theirs.hedge) continue;
    const cue = p.part.tokens[theirs.j];
    const from = c.tokens[mine.j].start;
    c.emit({
      kind: 'certainty',
      start: from,
      end: c.tokens[i].end,
      message: `Draft says ${quote(c.text.slice(from, c.tokens[i].end))}; the closest source passage (${where(c, p.part)}) is ${theirs.hedge ? 'less' : 'more'} certain: ${quote(p.part.text.slice(cue.start - p.part.start, p.end - p.part.start))}.`,
      evidence: spanOf(c, p.part, cue.start, p.end),
    });
    return;
  }
}
