/** Finding one extracted item in the indexed sources. Pure functions over SourceIndex. */
import type { GroundingFact } from './types.js';
import { type Quantity, withinNear } from './quantities.js';
import type { EntitySpan } from './entities.js';
import { type SourceIndex, type Span, type TextIndex, findPhrase, firstAt, firstOccurrence } from './sourceIndex.js';
import { normaliseText, normaliseWord, startsUpper } from './tokens.js';
import { quoteFragments } from './quotes.js';
import { relatedPlaceNames } from './places.js';
import { isCommonWord, wordKey } from './words.js';

export interface Hit {
  sourceId: string;
  /** `details`: the publisher and date the prompt showed beside the source (see sourceDetails). */
  field: 'body' | 'title' | 'details';
  span: Span;
}

function fields(src: SourceIndex): Array<['body' | 'title' | 'details', TextIndex]> {
  const out: Array<['body' | 'title' | 'details', TextIndex]> = [['body', src.body]];
  if (src.title) out.push(['title', src.title]);
  if (src.details) out.push(['details', src.details]);
  return out;
}

function firstHit(sources: SourceIndex[], find: (ix: TextIndex) => Span | undefined): Hit | undefined {
  for (const src of sources) {
    for (const [field, ix] of fields(src)) {
      const span = find(ix);
      if (span) return { sourceId: src.id, field, span };
    }
  }
  return undefined;
}

export function findQuantity(sources: SourceIndex[], q: Quantity): Hit | undefined {
  const exact = firstHit(sources, (ix) => {
    for (const alt of q.accept) {
      if (alt.every((k) => ix.keys.has(k))) return ix.keys.get(alt[0]);
    }
    return undefined;
  });
  if (exact || !q.near) return exact;
  const { family } = q.near;
  return firstHit(sources, (ix) => ix.numeric.find((e) => e.family === family && withinNear(q.near!, e.value)));
}

/**
 * "COVID-19" where the sources write "COVID": a number hyphenated to a code in capitals names a thing
 * (a disease, an aircraft, a fuel), and a source that uses the code bare states it. A source that
 * gives the code a number of its own ("E-85" against the draft's "E-15") does not back it.
 */
export function findDesignation(sources: SourceIndex[], sentence: string, q: Quantity): Hit | undefined {
  if (q.kind !== 'number') return undefined;
  const code = /(?:^|[^\p{L}\d-])(\p{Lu}{2,8})-$/u.exec(sentence.slice(Math.max(0, q.start - 10), q.start))?.[1];
  if (!code) return undefined;
  const norm = normaliseWord(code, code.toLowerCase());
  let bare: Hit | undefined;
  for (const src of sources) {
    for (const [field, ix] of fields(src)) {
      for (let p = firstAt(ix, norm); p >= 0; p = ix.nextSame[p]) {
        const t = ix.tokens[p];
        if (ix.text.slice(t.start, t.end) !== code) continue;
        if (ix.text[t.end] === '-' && /\d/.test(ix.text[t.end + 1] ?? '')) return undefined;
        bare ??= { sourceId: src.id, field, span: { start: t.start, end: t.end } };
      }
    }
  }
  return bare;
}

// The verbs that state a multiplier in one word: "doubled" is "two-fold".
const MULTIPLYING_VERBS: Record<string, string[]> = { 2: ['double'], 3: ['triple', 'treble'], 4: ['quadruple'] };

/**
 * "rose two-fold" where the sources say "doubled", or "three times" for "threefold": a multiplier the
 * sources state in other words. Only the words that name that multiplier count.
 */
export function findMultiplier(sources: SourceIndex[], q: Quantity): Hit | undefined {
  const times = q.keys.find((k) => k.startsWith('times:'));
  if (!times) return undefined;
  const n = Number(times.slice('times:'.length));
  const verbKeys = new Set((MULTIPLYING_VERBS[n] ?? []).map(wordKey));
  return firstHit(sources, (ix) => {
    const timesAfter = (o: Quantity) => /^\s+times\b/i.exec(ix.text.slice(o.end, o.end + 12))?.[0].length ?? 0;
    const count = ix.quantities.find((o) => o.value === n && timesAfter(o) > 0);
    const verb = verbKeys.size > 0 ? ix.raw.find((t) => verbKeys.has(t.key)) : undefined;
    if (count && (!verb || count.start < verb.start)) return { start: count.start, end: count.end + timesAfter(count) };
    return verb && { start: verb.start, end: verb.end };
  });
}

// "Two friends, Steve and Carly": the words naming what is counted, then the list after a comma,
// colon, dash or bracket.
const COUNTED_HEAD = /^(?:\s+\p{Ll}[\p{Ll}-]*){1,3}\s*[,:(–—]\s*/u;
const LISTED_NAME = /^\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*/u;
const LIST_JOIN = /^(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)/;

/**
 * "Two friends, Steve and Carly, plan to meet": a small count the sentence spells out itself by
 * listing what it counts. Backed where exactly that many names follow, each of them in a source.
 */
export function findCounted(sources: SourceIndex[], sentence: string, q: Quantity): Hit | undefined {
  const n = q.value;
  if (q.kind !== 'number' || n === undefined || !Number.isInteger(n) || n < 2 || n > 10) return undefined;
  let rest = sentence.slice(q.end, q.end + 300);
  const head = COUNTED_HEAD.exec(rest);
  if (!head) return undefined;
  rest = rest.slice(head[0].length);
  let first: Hit | undefined;
  for (let count = 1; ; count++) {
    const name = LISTED_NAME.exec(rest)?.[0];
    if (!name) return undefined;
    const hit = firstHit(sources, (ix) => {
      let at: Span | undefined;
      for (const w of name.split(/\s+/)) {
        const p = firstAt(ix, normaliseWord(w, w.toLowerCase()));
        if (p < 0) return undefined;
        at ??= { start: ix.tokens[p].start, end: ix.tokens[p].end };
      }
      return at;
    });
    if (!hit) return undefined;
    first ??= hit;
    rest = rest.slice(name.length);
    const join = LIST_JOIN.exec(rest);
    if (!join || !LISTED_NAME.test(rest.slice(join[0].length))) return count === n ? first : undefined;
    rest = rest.slice(join[0].length);
  }
}

export function findFact(facts: GroundingFact[], q: Quantity): GroundingFact | undefined {
  if (q.value === undefined || q.kind === 'date') return undefined;
  return facts.find((f) => (q.near ? withinNear(q.near, f.value) : Math.abs(f.value - q.value!) <= 1e-9));
}

const NOT_CONTENT = new Set([
  'of',
  'the',
  'and',
  'for',
  'on',
  'de',
  'la',
  'du',
  'da',
  'van',
  'von',
  'der',
  'senator',
  'representative',
  'governor',
  'mr',
  'mrs',
  'ms',
  'doctor',
]);

export function findEntity(sources: SourceIndex[], e: EntitySpan): Hit | undefined {
  const norms = normaliseText(e.text).map((t) => t.norm);
  if (norms.length === 0) return undefined;
  const phrase = firstHit(sources, (ix) => findPhrase(ix, norms));
  if (phrase) return phrase;
  const places = relatedPlaceNames(e.text).map((n) => normaliseText(n).map((t) => t.norm));
  const viaPlace = firstHit(sources, (ix) => {
    for (const p of places) {
      const span = findPhrase(ix, p);
      if (span) return span;
    }
    return undefined;
  });
  if (viaPlace) return viaPlace;
  if (norms.length === 1) {
    // "GANs" where the sources write "GAN": the plural of an acronym.
    const singular = /^\p{Lu}{2,}s$/u.test(e.text) ? normaliseText(e.text.slice(0, -1)).map((t) => t.norm) : [];
    const plural = singular.length === 1 ? firstHit(sources, (ix) => findPhrase(ix, singular)) : undefined;
    if (plural) return plural;
    const w = norms[0];
    const viaAcronym = firstHit(sources, (ix) =>
      e.acronym ? (ix.acronyms.get(w.replace(/s$/, '')) ?? ix.acronyms.get(w)) : undefined,
    );
    return viaAcronym;
  }
  const content = norms.filter((n) => !NOT_CONTENT.has(n));
  if (content.length >= 3) {
    const initials = content.map((n) => n[0]).join('');
    const viaInitials = firstHit(sources, (ix) => firstOccurrence(ix, initials));
    if (viaInitials) return viaInitials;
  }
  // Reworded names ("Commerce Committee" for "Committee on Commerce") still pass if every
  // content word occurs in one source; an invented name brings at least one new word.
  if (content.length === 0 || mixesTwoPeople(sources, e)) return undefined;
  return firstHit(sources, (ix) =>
    content.every((n) => ix.first.has(n)) ? firstOccurrence(ix, content[content.length - 1]) : undefined,
  );
}

/** Capitalised words looked at across "and": names joined so are rarely longer. */
const MAX_JOINED = 4;

const isJoin = (t: { lower: string } | undefined) => t !== undefined && (t.lower === 'and' || t.lower === '&');

/**
 * The name read as part of a longer one joined by "and" or "&": "Police and Crime Commissioner" is
 * one office (the sources write "PCC"), but names break at "and" because it mostly joins two
 * ("Smith and Jones"). Only asked when the name alone is in no source; the nearest widening the
 * sources hold wins, the name as the head of the longer one first.
 */
export function findJoinedName(
  sources: SourceIndex[],
  text: string,
  tokens: readonly { start: number; end: number; raw: string; lower: string }[],
  e: EntitySpan,
): Hit | undefined {
  const first = tokens.findIndex((t) => t.start === e.start);
  const last = tokens.findIndex((t) => t.end === e.end);
  if (first < 0 || last < 0) return undefined;
  const lookUp = (start: number, end: number) =>
    findEntity(sources, { start, end, text: text.slice(start, end), acronym: false });
  if (isJoin(tokens[last + 1])) {
    for (let k = last + 2; k < tokens.length && k - last - 1 <= MAX_JOINED && startsUpper(tokens[k].raw); k++) {
      const hit = lookUp(e.start, tokens[k].end);
      if (hit) return hit;
    }
  }
  if (isJoin(tokens[first - 1])) {
    for (let k = first - 2; k >= 0 && first - 1 - k <= MAX_JOINED && startsUpper(tokens[k].raw); k--) {
      const hit = lookUp(tokens[k].start, e.end);
      if (hit) return hit;
    }
  }
  return undefined;
}

// Words that stand before a surname without being a first name ("Mr Charney", "Coach Howe").
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'doctor',
  'sir',
  'dame',
  'lord',
  'lady',
  'senator',
  'representative',
  'governor',
  'president',
  'professor',
  'prof',
  'judge',
  'coach',
  'captain',
  'general',
  'chairman',
  'chief',
  'minister',
  'manager',
  'boss',
  'former',
]);

/**
 * "Barbara Wyden" where the sources name Barbara Boxer and Ron Wyden: every word is in the sources,
 * but the surname (a word no dictionary lists) belongs to someone with another first name.
 */
function mixesTwoPeople(sources: SourceIndex[], e: EntitySpan): boolean {
  const words = e.text.split(/\s+/);
  if (e.acronym || words.length < 2 || words.length > 3 || !words.every((w) => startsUpper(w))) return false;
  if (isCommonWord(words[words.length - 1].toLowerCase())) return false;
  // "President Zelenskyy" for "President Volodymyr Zelenskyy": a title gives no first name.
  if (words.slice(0, -1).every((w) => TITLES.has(w.toLowerCase().replace(/\.$/, '')))) return false;
  return surnameOf(sources, e, words) === 'rival';
}

/** Where the sources use the last word of a two- or three-word name: after another capitalised word ('rival') or not. */
function surnameOf(sources: SourceIndex[], e: EntitySpan, words: string[]): Hit | 'rival' | undefined {
  const norms = normaliseText(e.text).map((t) => t.norm);
  if (norms.length !== words.length) return undefined;
  const surname = norms[norms.length - 1];
  const given = new Set(norms.slice(0, -1));
  let found: Hit | undefined;
  for (const src of sources) {
    for (const [field, ix] of fields(src)) {
      for (let p = firstAt(ix, surname); p >= 0; p = ix.nextSame[p]) {
        const t = ix.tokens[p];
        if (!startsUpper(ix.text.slice(t.start, t.end))) continue;
        const prev = ix.tokens[p - 1];
        if (prev && ix.text.slice(prev.end, t.start) === ' ' && startsUpper(ix.text.slice(prev.start, prev.end))) {
          // Many first names are also common words (John, Bill, Rose): any capitalised word but a title counts.
          if (!TITLES.has(prev.norm) && !given.has(prev.norm)) return 'rival';
        }
        found ??= { sourceId: src.id, field, span: { start: t.start, end: t.end } };
      }
    }
  }
  return found;
}

/**
 * A person the draft names in full whom the sources call by surname alone ("Eddie Howe" against
 * "Howe told BBC Radio Solent"): the surname's first occurrence, or nothing when the name does not
 * look like a person's (an initial, an acronym, a lower-case word) or when some source puts another
 * capitalised word before that surname ("John Howe", "Royal Navy" for "US Navy"), a rival.
 */
export function findSurnameOnly(sources: SourceIndex[], e: EntitySpan): Hit | undefined {
  if (e.acronym) return undefined;
  const words = e.text.split(/\s+/);
  if (words.length < 2 || words.length > 3 || !words.every((w) => startsUpper(w))) return undefined;
  if (words.slice(0, -1).some((w) => w.includes('.'))) return undefined;
  const hit = surnameOf(sources, e, words);
  return hit === 'rival' ? undefined : hit;
}

export function findQuote(sources: SourceIndex[], inner: string): Hit | undefined {
  const fragments = quoteFragments(inner)
    .map((f) => normaliseText(f).map((t) => t.norm))
    .filter((f) => f.length > 0);
  if (fragments.length === 0) return undefined;
  return firstHit(sources, (ix) => {
    let first: Span | undefined;
    let last: Span | undefined;
    for (const f of fragments) {
      const span = findPhrase(ix, f);
      if (!span) return undefined;
      first ??= span;
      last = span;
    }
    return first && last ? { start: first.start, end: Math.max(first.end, last.end) } : undefined;
  });
}
