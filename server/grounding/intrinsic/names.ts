/**
 * Names against the aligned passage: a person, organisation or place the sentence names must be
 * named there (or just before it, where "he" or "the agency" refers back), and a statement the
 * draft gives to one person must not be given to another by the passage.
 */
import type { EntitySpan } from '../entities.js';
import type { Passage } from '../passages.js';
import type { WordToken } from '../tokens.js';
import { isCommonWord, isSpeechVerb, wordKey } from '../words.js';
import { normaliseText } from '../tokens.js';
import { type SentenceCheck, quote, spanOf, where } from './sentenceCheck.js';
import { type Slot, inSlot, othersLend, slotOf } from './slot.js';
import { isDemonym, relatedPlaceNames } from '../places.js';

// Titles and connectors say nothing about who is meant.
const NOT_IDENTIFYING = new Set([
  'senat',
  'senator',
  'sen',
  'rep',
  'repres',
  'gov',
  'governor',
  'mr',
  'mrs',
  'ms',
  'dr',
  'presid',
  'secretari',
  'chairman',
  'the',
  'of',
  'and',
  'for',
  'u.s',
  'u.s.',
  'us',
  'd',
  'r',
  'i',
]);

/** Keys of a name's words, with aliases collapsed ("U.S." and "United States" agree). */
// The keys of a text depend on the text alone, and the same texts come back sentence after sentence:
// a passage's whole text for every sentence aligned with it, the same names in every passage.
const nameKeysMemo = new Map<string, readonly string[]>();
const NAME_KEYS_LIMIT = 20_000;

function nameKeys(text: string): readonly string[] {
  let keys = nameKeysMemo.get(text);
  if (keys === undefined) {
    keys = normaliseText(text)
      .filter((t) => /\p{L}/u.test(t.norm))
      .map((t) => wordKey(t.norm))
      .filter((k) => !NOT_IDENTIFYING.has(k) && k.length > 1);
    if (nameKeysMemo.size >= NAME_KEYS_LIMIT) nameKeysMemo.clear();
    nameKeysMemo.set(text, keys);
  }
  return keys;
}

interface Named {
  part: Passage;
  span: EntitySpan;
  keys: readonly string[];
}

// Party and state tags ("D-W.Va.", "R-ME") follow a name; they are not one.
const TAG = /^[DRI]-/;

function passageNames(parts: Passage[]): Named[] {
  return parts.flatMap((part) =>
    part.names.filter((n) => !TAG.test(n.text)).map((span) => ({ part, span, keys: nameKeys(span.text) })),
  );
}

export function checkNames(c: SentenceCheck, supported: (e: EntitySpan) => boolean): void {
  const inPassage = passageNames(c.align.parts);
  const passageKeys = new Set(c.ptokens.map((t) => t.key));
  for (const part of c.align.parts) for (const k of nameKeys(part.text)) passageKeys.add(k);
  const source = c.sources.find((s) => s.sourceId === c.align.parts[0]?.sourceId);
  for (const e of c.names) {
    if (!supported(e) || TAG.test(e.text)) continue;
    const keys = nameKeys(e.text);
    if (keys.length === 0) continue;
    const missing = keys.filter((k) => !passageKeys.has(k));
    if (missing.length === 0 && !pulledInForName(c, e, keys, inPassage)) continue;
    // "Portuguese" in the draft, "Portugal" in the passage: the same country.
    const samePlace = (n: string) => {
      const k = nameKeys(n);
      return k.length > 0 && k.every((x) => passageKeys.has(x));
    };
    if (relatedPlaceNames(e.text).some(samePlace)) continue;
    // The passage names someone the draft does not, in the very place the draft's name stands.
    const slot = slotOf(c, e);
    const rival = rivalInSlot(c, e, inPassage, slot);
    // "The Mexican scored" where the passage has "Hernandez scored": the people's adjective refers to
    // the person. Against another place ("Spanish" for "Portuguese") it is a swap.
    if (rival && isDemonym(e.text) && relatedPlaceNames(rival.span.text).length === 0) continue;
    // Otherwise a fuller form of a name the source uses ("Robert Byrd" for "Byrd") is fine, and so is
    // an acronym the sources spell out ("PM" for "Prime Minister"; the entity check found it).
    if (!rival && (e.acronym || missing.every((k) => source?.postings.has(k)))) continue;
    const part = rival?.part ?? c.align.parts[0];
    c.emit({
      kind: 'name_mismatch',
      start: e.start,
      end: e.end,
      message: rival
        ? `Draft names ${quote(e.text)}; the closest source passage (${where(c, part)}) names ${quote(rival.span.text)}.`
        : `Draft names ${quote(e.text)}, but the closest source passage (${where(c, part)}) does not.`,
      evidence: rival ? spanOf(c, rival.part, rival.span.start, rival.span.end) : undefined,
      pinned: Boolean(rival && slot?.before && slot.after),
    });
  }
}

/**
 * The name is in the aligned passages only because a second passage was joined for it: that passage
 * lends the sentence no other word, and the passage the sentence follows holds another name in its
 * place ("Senator George and I voted" against "Senator Boxer and I voted", with a George elsewhere).
 * A sentence fusing two passages takes more than a name from the second.
 */
function pulledInForName(c: SentenceCheck, e: EntitySpan, keys: readonly string[], inPassage: Named[]): boolean {
  // Pinned on both sides: a name opening the sentence is often the passage's "he" or "the 23-year-old".
  const slot = slotOf(c, e);
  if (c.align.parts.length < 2 || !slot?.before || !slot.after) return false;
  const rival = rivalInSlot(c, e, inPassage, slot);
  // "The Belgian was Chelsea's star performer": a people's adjective refers to the person the draft names.
  if (!rival || (isDemonym(rival.span.text) && relatedPlaceNames(e.text).length === 0)) return false;
  const main = new Set([...rival.part.tokens.map((t) => t.key), ...nameKeys(rival.part.text)]);
  return !keys.every((k) => main.has(k)) && !othersLend(c, rival.part, new Set(keys), main);
}

/**
 * A passage name standing where the draft's name stands (see `slotOf`). A name that merely occurs
 * somewhere in the passage is no evidence of a swap; summaries fuse a passage with facts from
 * elsewhere in the article all the time.
 */
function rivalInSlot(
  c: SentenceCheck,
  e: EntitySpan,
  inPassage: Named[],
  slot: Slot | undefined = slotOf(c, e),
): Named | undefined {
  if (!slot) return undefined;
  return inPassage.find(
    (n) => n.keys.some((k) => !c.keys.has(k)) && inSlot(slot, n.part, n.span) && !spellsOut(e, n.span.text),
  );
}

/** "Prime Minister" spells out "PM": the same name, not a rival. */
function spellsOut(e: EntitySpan, name: string): boolean {
  if (!e.acronym) return false;
  const initials = name
    .split(/[\s-]+/)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0])
    .join('');
  return initials.toLowerCase() === e.text.replace(/[.\s]|s$/g, '').toLowerCase();
}

interface Speaker {
  span: { start: number; end: number; text: string };
  keys: readonly string[];
}

/**
 * Names standing right before or after a speech verb ("Byrd said", "said Sen. Byrd", "according to Byrd").
 * `named` holds the name keys of the aligned passages: a capitalised common word opening a sentence
 * ("Also says", "Locals said") is a speaker only where the passages use it as a name ("Brown said").
 */
function speakers(tokens: WordToken[], names: EntitySpan[], text: string, named: Set<string>, offset = 0): Speaker[] {
  const out: Speaker[] = [];
  tokens.forEach((t, i) => {
    const according = t.lower === 'according' && tokens[i + 1]?.lower === 'to';
    if (!according && !isSpeechVerb(t.lower)) return;
    // A sentence opening with "Byrd said" has no name by capitals alone; the word before the verb is it.
    const prev = tokens[i - 1];
    const candidates = [...names];
    if (
      prev &&
      /^\p{Lu}\p{Ll}/u.test(prev.raw) &&
      !names.some((n) => n.start <= prev.start && n.end >= prev.end) &&
      (!isCommonWord(prev.lower) || nameKeys(prev.raw).some((k) => named.has(k)))
    )
      candidates.push({ start: prev.start, end: prev.end, text: prev.raw, acronym: false });
    for (const n of candidates) {
      const gapBefore = text.slice(n.end - offset, t.start - offset);
      const gapAfter = text.slice((according ? tokens[i + 1].end : t.end) - offset, n.start - offset);
      const before = n.end <= t.start && /^(['’]s)?\s*(\([^)]{0,30}\)\s*)?,?\s*$/.test(gapBefore) && !according;
      // "said Byrd" names the speaker only where the clause ends with the name; in "says Kendall has"
      // the name begins what was said.
      const closes = /^\s*(\([^)]{0,30}\))?\s*([.,;:!?"”’)]|$)/.test(text.slice(n.end - offset));
      const after =
        n.start >= t.end && closes && /^\s*((?:U\.S\.|Sen|Senator|Rep|Gov|Dr|Mr|Mrs|Ms)\.?\s*)*$/i.test(gapAfter);
      if (before || after) out.push({ span: { start: n.start, end: n.end, text: n.text }, keys: nameKeys(n.text) });
    }
  });
  return out.filter((s) => s.keys.length > 0 && !s.keys.every((k) => STOP_SPEAKER.has(k)));
}

// Pronoun-like or generic openers that are not speakers ("He said", "Officials said").
const STOP_SPEAKER = new Set([
  'he',
  'she',
  'they',
  'it',
  'we',
  'offici',
  'spokesman',
  'spokeswoman',
  'report',
  'studi',
]);

export function checkAttribution(c: SentenceCheck): void {
  if (c.align.parts.length === 0) return;
  const named = new Set(c.align.parts.flatMap((p) => p.names.flatMap((n) => nameKeys(n.text))));
  const said = speakers(c.tokens, c.names, c.text, named);
  if (said.length === 0) return;
  const theirs: { part: Passage; s: Speaker }[] = [];
  for (const part of c.align.parts) {
    for (const s of speakers(part.tokens, part.names, part.text, named, part.start)) theirs.push({ part, s });
  }
  if (theirs.length === 0) return;
  for (const mine of said) {
    if (theirs.some((t) => t.s.keys.some((k) => mine.keys.includes(k)))) continue;
    // "The Frenchman says" refers back to a person, as "he says" does.
    if (isDemonym(mine.span.text)) continue;
    const other = theirs[0];
    c.emit({
      kind: 'attribution',
      start: mine.span.start,
      end: mine.span.end,
      message: `Draft attributes this to ${quote(mine.span.text)}; the closest source passage (${where(c, other.part)}) attributes it to ${quote(other.s.span.text)}.`,
      evidence: spanOf(c, other.part, other.s.span.start, other.s.span.end),
    });
  }
}
