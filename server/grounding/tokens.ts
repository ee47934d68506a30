/**
 * One tokeniser for drafts and sources alike: matching only works if both sides
 * are cut and normalised the same way, and offsets must point into the original text.
 */
import { wordNumberValue } from './numberWords.js';
import { lookupTable } from '../util/lookupTable.js';
import { isStopword, wordKey } from './words.js';

export interface RawToken {
  raw: string;
  lower: string;
  start: number;
  end: number;
}

export interface WordToken extends RawToken, NormToken {
  key: string;
  /** Carries content (not a function word, not a symbol). */
  content: boolean;
}

/**
 * Tokens with their matching key and search-space form, cut straight from the text. Sources keep
 * these (tens of thousands per check), so each token is one object: no raw token to copy, and the
 * search-space tokens reuse them wherever no phrase is merged.
 *
 * The text is scanned by hand (`nextToken`) and each word looked up by its characters (`wordAt`),
 * so a word already seen costs no string: matching the pattern, finding each match's offset and
 * hashing each matched string were most of indexing a source.
 */
export function wordTokenize(text: string): WordToken[] {
  const out: WordToken[] = [];
  for (let at = 0; nextToken(text, at); at = tokenEnd) {
    const w = wordAt(text, tokenStart, tokenEnd);
    out.push({
      raw: w.raw,
      lower: w.lower,
      start: tokenStart,
      end: tokenEnd,
      key: w.key,
      content: w.content,
      norm: w.norm,
    });
  }
  return out;
}

type Word = Omit<WordToken, 'start' | 'end'>;

// What a token is depends only on its text, and a source's few thousand tokens are a few hundred
// words: one look-up here replaces a lower-casing and three others. It also saves the garbage
// collector work: tokens share these strings, so none is copied out of the young generation with
// the source index that keeps the token.
function newWord(raw: string): Word {
  const lower = raw.toLowerCase();
  // Tokens are words, numbers or one of a few symbols ("%", "$", "&"): length 1 is a symbol or a letter.
  const c = raw.charCodeAt(0);
  const digit = c >= 48 && c <= 57;
  return {
    raw,
    lower,
    key: wordKey(lower),
    content: (digit || raw.length > 1) && !isStopword(lower),
    norm: normaliseWord(raw, lower),
  };
}

/*
 * The words met so far, found by the characters of the text: an open-addressing table of FNV-1a
 * hashes, so a word seen before is neither cut out of the text nor hashed as a string.
 */
const SLOTS = 1 << 17; // more than twice MEMO_LIMIT: probes stay short
let slots = new Int32Array(SLOTS); // index into `table` + 1; 0 is empty
let table: Word[] = [];
let hashes: number[] = [];

function wordAt(text: string, start: number, end: number): Word {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  const len = end - start;
  for (let at = h & (SLOTS - 1); ; at = (at + 1) & (SLOTS - 1)) {
    const k = slots[at];
    if (k === 0) {
      if (table.length >= MEMO_LIMIT) {
        slots = new Int32Array(SLOTS);
        table = [];
        hashes = [];
        return wordAt(text, start, end);
      }
      const w = newWord(text.slice(start, end));
      table.push(w);
      hashes.push(h);
      slots[at] = table.length;
      return w;
    }
    if (hashes[k - 1] !== h) continue;
    const w = table[k - 1];
    const raw = w.raw;
    if (raw.length !== len) continue;
    let same = true;
    for (let i = 0; i < len; i++) {
      if (raw.charCodeAt(i) !== text.charCodeAt(start + i)) {
        same = false;
        break;
      }
    }
    if (same) return w;
  }
}

// Where nextToken found its token: module state rather than an object per token.
let tokenStart = 0;
let tokenEnd = 0;

const isAsciiLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The next match of TOKEN_RE at or after `from`, as `text.match(TOKEN_RE)` would give it, into
 * tokenStart / tokenEnd; false when there is none. ASCII text is scanned by hand; wherever the
 * pattern's decision would rest on a character outside ASCII (a letter, mark or symbol it knows by
 * Unicode property), the pattern itself is run from there, so the tokens are the pattern's.
 */
function nextToken(text: string, from: number): boolean {
  const n = text.length;
  let i = from;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return byPattern(text, i);
    if (isAsciiLetter(c) || isDigit(c) || c === 37 || c === 36 || c === 38) break;
  }
  if (i >= n) return false;
  const c = text.charCodeAt(i);
  tokenStart = i;
  if (c === 37 || c === 36 || c === 38) {
    tokenEnd = i + 1;
    return true;
  }
  if (isDigit(c)) {
    // \d+(?:[.,]\d+)*: only ASCII characters can continue it.
    let e = i + 1;
    while (e < n && isDigit(text.charCodeAt(e))) e++;
    for (;;) {
      const d = text.charCodeAt(e);
      if ((d === 46 || d === 44) && e + 1 < n && isDigit(text.charCodeAt(e + 1))) {
        e += 2;
        while (e < n && isDigit(text.charCodeAt(e))) e++;
      } else break;
    }
    tokenEnd = e;
    return true;
  }
  // (?:\p{L}\.){2,}: letter-dot pairs.
  let e = i;
  let pairs = 0;
  for (;;) {
    const a = text.charCodeAt(e);
    if (a >= 128) return byPattern(text, i);
    if (!isAsciiLetter(a)) break;
    if (text.charCodeAt(e + 1) !== 46) break;
    pairs++;
    e += 2;
  }
  if (pairs >= 2) {
    tokenEnd = e;
    return true;
  }
  // \p{L}[\p{L}\p{M}\d]*(?:['’]\p{L}+)*
  e = i + 1;
  for (;;) {
    const a = text.charCodeAt(e);
    if (a >= 128) return byPattern(text, i);
    if (isAsciiLetter(a) || isDigit(a)) e++;
    else break;
  }
  for (;;) {
    // NaN past the end: no apostrophe.
    if (text.charCodeAt(e) !== 39) break;
    const b = text.charCodeAt(e + 1);
    if (b >= 128) return byPattern(text, i);
    if (!isAsciiLetter(b)) break;
    let f = e + 2;
    for (;;) {
      const d = text.charCodeAt(f);
      if (d >= 128) return byPattern(text, i);
      if (isAsciiLetter(d)) f++;
      else break;
    }
    e = f;
  }
  tokenEnd = e;
  return true;
}

/** The pattern's next match from `at`, where the hand scan met a character outside ASCII. */
function byPattern(text: string, at: number): boolean {
  TOKEN_AT.lastIndex = at;
  const m = TOKEN_AT.exec(text);
  if (m === null) return false;
  tokenStart = m.index;
  tokenEnd = m.index + m[0].length;
  return true;
}

/** A token in "search space": aliases collapsed, case and diacritics folded. */
export interface NormToken {
  norm: string;
  start: number;
  end: number;
}

// Dotted abbreviations first so "U.S." stays one token; digit groups keep "1,200" and "2.5" whole.
const TOKEN_RE = /(?:\p{L}\.){2,}|\d+(?:[.,]\d+)*|\p{L}[\p{L}\p{M}\d]*(?:['’]\p{L}+)*|[%$€£¥&]/gu;
// The same pattern for `byPattern`, which moves its lastIndex.
const TOKEN_AT = new RegExp(TOKEN_RE.source, 'gu');

export function tokenize(text: string): RawToken[] {
  const out: RawToken[] = [];
  // Offsets found as in wordTokenize, without a match object per token.
  let end = 0;
  for (const raw of text.match(TOKEN_RE) ?? []) {
    const start = text.indexOf(raw, end);
    end = start + raw.length;
    out.push({ raw, lower: raw.toLowerCase(), start, end });
  }
  return out;
}

// Only upper-case forms: lower-case "us" is a pronoun, "un" a prefix.
const CASED_ALIASES: Record<string, string> = lookupTable({
  US: 'unitedstates',
  'U.S.': 'unitedstates',
  USA: 'unitedstates',
  'U.S.A.': 'unitedstates',
  UK: 'unitedkingdom',
  'U.K.': 'unitedkingdom',
  EU: 'europeanunion',
  'E.U.': 'europeanunion',
  UN: 'unitednations',
  'U.N.': 'unitednations',
});

const WORD_ALIASES: Record<string, string> = lookupTable({
  sen: 'senator',
  sens: 'senators',
  rep: 'representative',
  reps: 'representatives',
  gov: 'governor',
  govt: 'government',
  dept: 'department',
  corp: 'corporation',
  inc: 'incorporated',
  co: 'company',
  ltd: 'limited',
  mt: 'mount',
  dr: 'doctor',
  intl: 'international',
  natl: 'national',
  assn: 'association',
  jan: 'january',
  feb: 'february',
  mar: 'march',
  apr: 'april',
  jun: 'june',
  jul: 'july',
  aug: 'august',
  sep: 'september',
  sept: 'september',
  oct: 'october',
  nov: 'november',
  dec: 'december',
  pct: 'percent',
  '%': 'percent',
  '&': 'and',
  dozen: '12',
});

const PHRASE_ALIASES: Array<[string[], string]> = [
  [['united', 'states', 'of', 'america'], 'unitedstates'],
  [['united', 'states'], 'unitedstates'],
  [['united', 'kingdom'], 'unitedkingdom'],
  [['european', 'union'], 'europeanunion'],
  [['united', 'nations'], 'unitednations'],
  [['per', 'cent'], 'percent'],
  // Reporting shorthand: "Q3" is the third quarter, "4Q" the fourth, "YoY" year over year.
  ...(['first', 'second', 'third', 'fourth'] as const).flatMap((word, i): Array<[string[], string]> => [
    [[word, 'quarter'], `q${i + 1}`],
    [[String(i + 1), ['st', 'nd', 'rd', 'th'][i], 'quarter'], `q${i + 1}`],
    [[String(i + 1), 'q'], `q${i + 1}`],
  ]),
  [['first', 'half'], 'h1'],
  [['second', 'half'], 'h2'],
  [['year', 'over', 'year'], 'yoy'],
  [['year', 'on', 'year'], 'yoy'],
];

// Most words start no phrase; checking the first word alone keeps the phrase scan off the hot path.
const PHRASE_STARTS = new Set(PHRASE_ALIASES.map(([phrase]) => phrase[0]));

const THOUSANDS_RE = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** Canonical numeral text: "1,200" -> "1200", "2.50" -> "2.5". */
export function canonicalNumeral(raw: string): string {
  let s = raw;
  if (THOUSANDS_RE.test(s)) s = s.replace(/,/g, '');
  if (/^\d+\.\d+$/.test(s)) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

// Vocabulary is small and repeats constantly; memoising the pure mapping halves indexing time.
const memo = new Map<string, string>();
const MEMO_LIMIT = 50_000;

export function normaliseWord(raw: string, lower: string): string {
  let n = memo.get(raw);
  if (n === undefined) {
    n = computeNorm(raw, lower);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(raw, n);
  }
  return n;
}

function computeNorm(raw: string, lower: string): string {
  const cased = CASED_ALIASES[raw];
  if (cased) return cased;
  if (/^\d/.test(raw)) return canonicalNumeral(raw);
  let w = lower.replace(/’/g, "'");
  if (/[\u0080-\uffff]/.test(w)) w = w.normalize('NFKD').replace(/\p{M}/gu, '');
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.includes('.')) w = w.replace(/\./g, '');
  const alias = WORD_ALIASES[w];
  if (alias) return alias;
  const n = wordNumberValue(w);
  // "one" stays a word: it is far more often a pronoun than a count.
  if (n !== undefined && n !== 1) return String(n);
  return w;
}

/** Search-space tokens of raw ones. */
export function normaliseTokens(tokens: RawToken[]): NormToken[] {
  return mergePhrases(tokens.map((t) => ({ norm: normaliseWord(t.raw, t.lower), start: t.start, end: t.end })));
}

/**
 * Multi-word aliases ("United States", "third quarter") collapsed to one token; others kept as they are.
 * Text with no such phrase gets its own array back (sources keep both lists).
 */
export function mergePhrases(base: NormToken[]): NormToken[] {
  let out: NormToken[] | undefined;
  for (let i = 0; i < base.length; i++) {
    if (!PHRASE_STARTS.has(base[i].norm)) {
      out?.push(base[i]);
      continue;
    }
    let merged = false;
    for (const [phrase, canon] of PHRASE_ALIASES) {
      if (i + phrase.length > base.length) continue;
      let ok = true;
      for (let k = 0; k < phrase.length; k++) {
        if (base[i + k].norm !== phrase[k]) {
          ok = false;
          break;
        }
      }
      if (ok) {
        out ??= base.slice(0, i);
        out.push({ norm: canon, start: base[i].start, end: base[i + phrase.length - 1].end });
        i += phrase.length - 1;
        merged = true;
        break;
      }
    }
    if (!merged) out?.push(base[i]);
  }
  return out ?? base;
}

/** Cheap test for a capital first letter; the Unicode regex only runs for non-ASCII text. */
export function startsUpper(raw: string): boolean {
  const c = raw.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return /^\p{Lu}/u.test(raw);
}

export function normaliseText(text: string): NormToken[] {
  return normaliseTokens(tokenize(text));
}
