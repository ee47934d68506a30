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
 */
export function wordTokenize(text: string): WordToken[] {
  const found = text.match(TOKEN_RE) ?? [];
  const out: WordToken[] = [];
  for (let i = 0, end = 0; i < found.length; i++) {
    const w = wordOf(found[i]);
    // Matching all at once spares a match object per token (a tenth of what indexing a source
    // allocates); the offset is where the word next occurs. Text between two matches holds no letter,
    // digit or token symbol (the pattern matches from any of them), so nothing earlier can match it.
    const start = text.indexOf(w.raw, end);
    end = start + w.raw.length;
    out.push({ raw: w.raw, lower: w.lower, start, end, key: w.key, content: w.content, norm: w.norm });
  }
  return out;
}

type Word = Omit<WordToken, 'start' | 'end'>;

// What a token is depends only on its text, and a source's few thousand tokens are a few hundred
// words: one look-up here replaces a lower-casing and three others. It also saves the garbage
// collector work: tokens share these strings, so the match's own copy dies young, never to be
// copied out of the young generation with the source index that keeps the token.
const words = new Map<string, Word>();

function wordOf(raw: string): Word {
  let w = words.get(raw);
  if (w === undefined) {
    const lower = raw.toLowerCase();
    // Tokens are words, numbers or one of a few symbols ("%", "$", "&"): length 1 is a symbol or a letter.
    const c = raw.charCodeAt(0);
    const digit = c >= 48 && c <= 57;
    w = {
      raw,
      lower,
      key: wordKey(lower),
      content: (digit || raw.length > 1) && !isStopword(lower),
      norm: normaliseWord(raw, lower),
    };
    if (words.size >= MEMO_LIMIT) words.clear();
    words.set(raw, w);
  }
  return w;
}

/** A token in "search space": aliases collapsed, case and diacritics folded. */
export interface NormToken {
  norm: string;
  start: number;
  end: number;
}

// Dotted abbreviations first so "U.S." stays one token; digit groups keep "1,200" and "2.5" whole.
const TOKEN_RE = /(?:\p{L}\.){2,}|\d+(?:[.,]\d+)*|\p{L}[\p{L}\p{M}\d]*(?:['’]\p{L}+)*|[%$€£¥&]/gu;

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

/** Multi-word aliases ("United States", "third quarter") collapsed to one token; others kept as they are. */
export function mergePhrases(base: NormToken[]): NormToken[] {
  const out: NormToken[] = [];
  for (let i = 0; i < base.length; i++) {
    let merged = false;
    if (!PHRASE_STARTS.has(base[i].norm)) {
      out.push(base[i]);
      continue;
    }
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
        out.push({ norm: canon, start: base[i].start, end: base[i + phrase.length - 1].end });
        i += phrase.length - 1;
        merged = true;
        break;
      }
    }
    if (!merged) out.push(base[i]);
  }
  return out;
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
