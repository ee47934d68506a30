/**
 * Numbers, percentages, money and dates, each reduced to lookup keys so "1.2 million",
 * "1,200,000", "twenty per cent", "US$25m" and "25 million dollars" meet their source
 * counterparts whatever the spelling.
 */
import { type RawToken, canonicalNumeral, startsUpper, tokenize } from './tokens.js';
import { SCALE_WORDS, isNumberWord, parseNumberWords, wordNumberValue } from './numberWords.js';
import { lookupTable } from '../util/lookupTable.js';

export type QuantityKind = 'number' | 'percent' | 'money' | 'date';

export interface Quantity {
  kind: QuantityKind;
  start: number;
  end: number;
  text: string;
  value?: number;
  currency?: string;
  /** Keys this occurrence is filed under when it appears in a source. */
  keys: string[];
  /** Ways a source can back it: every key of one alternative must occur in the same source. */
  accept: string[][];
  /** Family + the range a source value may take for a rounded or bounded figure ("about 20%" against "19.6%"). */
  near?: { family: string; min: number; max: number };
}

// Every token of every source is looked up here: Map.get costs about half a property look-up with
// a word fresh from the text (and, like the null-prototype tables below, never finds "constructor").
const MONTHS = new Map<string, number>(
  Object.entries({
    january: 1,
    february: 2,
    march: 3,
    april: 4,
    may: 5,
    june: 6,
    july: 7,
    august: 8,
    september: 9,
    october: 10,
    november: 11,
    december: 12,
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    sept: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  }),
);
// Tables below are looked up with arbitrary words: null prototypes keep "constructor" out.
// "May" and "March" are also ordinary words; accept them as months only with date-like company.
const AMBIGUOUS_MONTHS = new Set(['may', 'march', 'mar']);
const MONTH_PREPOSITIONS = new Set([
  'in',
  'of',
  'since',
  'until',
  'by',
  'early',
  'late',
  'mid',
  'last',
  'next',
  'this',
  'during',
  'from',
  'through',
  'before',
  'after',
  'between',
  'and',
  'to',
]);

const SCALE_SUFFIX: Record<string, number> = lookupTable({
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
  mln: 1e6,
  mn: 1e6,
  bn: 1e9,
  tn: 1e12,
});
// Letter suffixes glued to the digits ("25m", "3b", "40k"); "m" is also metres, so it stays ambiguous
// unless a currency makes the reading certain.
const GLUED_SCALE: Record<string, number> = lookupTable({
  m: 1e6,
  b: 1e9,
  bn: 1e9,
  k: 1e3,
  mn: 1e6,
  tn: 1e12,
});

const SYMBOL_CURRENCY: Record<string, string> = lookupTable({
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
});
const SYMBOL_PREFIX: Record<string, string> = lookupTable({
  US: 'USD',
  A: 'AUD',
  C: 'CAD',
  HK: 'HKD',
  NZ: 'NZD',
  S: 'SGD',
});
const CODE_CURRENCY: Record<string, string> = lookupTable({
  USD: 'USD',
  EUR: 'EUR',
  GBP: 'GBP',
  AUD: 'AUD',
  CAD: 'CAD',
  CNY: 'CNY',
  RMB: 'CNY',
  JPY: 'JPY',
  ZAR: 'ZAR',
});
const WORD_CURRENCY: Record<string, string> = lookupTable({
  dollar: 'USD',
  dollars: 'USD',
  euro: 'EUR',
  euros: 'EUR',
  yuan: 'CNY',
  renminbi: 'CNY',
  yen: 'JPY',
});
const APPROX_WORDS = new Set(['about', 'around', 'approximately', 'roughly', 'some', 'approx', 'circa', 'estimated']);
// "About 20%" may stand for 19.2%, but not for 25%.
const APPROX_TOLERANCE = 0.05;
const ORDINAL_SUFFIX = new Set(['st', 'nd', 'rd', 'th']);

export function formatValue(v: number): string {
  return String(Number(v.toPrecision(12)));
}

interface Scan {
  text: string;
  toks: RawToken[];
  out: Quantity[];
}

// Every token of every source is tried as a date and a number: a regex literal in those paths
// would be a new object per token, and a test of the first character spares most words the regex.
const POSSESSIVE_RE = /['’]s$/;
const DAY_RE = /^\d{1,2}$/;
const YEAR_RE = /^\d{4}$/;

function gap(s: Scan, i: number): string {
  return s.text.slice(s.toks[i - 1].end, s.toks[i].start);
}

/** Tokens belong to one expression only when separated by a little space or a dot/comma. */
function linked(s: Scan, i: number): boolean {
  if (i <= 0 || i >= s.toks.length) return false;
  return /^[ \u00a0]?[.,]?[ \u00a0]{0,2}$/.test(gap(s, i));
}

function spaced(s: Scan, i: number): boolean {
  return i > 0 && i < s.toks.length && /^[ \u00a0-]{0,2}$/.test(gap(s, i));
}

function isDigits(t: RawToken | undefined): boolean {
  if (!t) return false;
  const c = t.raw.charCodeAt(0);
  return c >= 48 && c <= 57;
}

function monthAt(s: Scan, i: number, afterDay = false): number | undefined {
  const t = s.toks[i];
  if (!t || t.lower.length < 3) return undefined;
  const m =
    MONTHS.get(t.lower) ??
    (t.lower.length > 5 && POSSESSIVE_RE.test(t.lower) ? MONTHS.get(t.lower.slice(0, -2)) : undefined);
  if (m === undefined) return undefined;
  // Lower-cased text ("august 8, 2005"): a month name counts only with its day or year beside it.
  if (!startsUpper(t.raw) && !(isDigits(s.toks[i + 1]) && linked(s, i + 1))) return undefined;
  if (t.lower.length <= 4 && t.lower !== 'june' && t.lower !== 'july' && t.lower !== 'may') {
    // Abbreviations: allow a trailing dot, nothing else glued on.
    if (i + 1 < s.toks.length && s.toks[i + 1].start === t.end) return undefined;
  }
  if (AMBIGUOUS_MONTHS.has(t.lower) && !afterDay) {
    const next = s.toks[i + 1];
    const prev = s.toks[i - 1];
    const dated = (next && isDigits(next) && linked(s, i + 1)) || (prev && MONTH_PREPOSITIONS.has(prev.lower));
    if (!dated) return undefined;
  }
  return m;
}

function dayAt(s: Scan, i: number): { d: number; end: number } | undefined {
  const t = s.toks[i];
  if (!t || !isDigits(t) || !DAY_RE.test(t.raw)) return undefined;
  const d = Number(t.raw);
  if (d < 1 || d > 31) return undefined;
  const suf = s.toks[i + 1];
  if (suf && suf.start === t.end && ORDINAL_SUFFIX.has(suf.lower)) return { d, end: i + 1 };
  if (suf && suf.start === t.end) return undefined;
  return { d, end: i };
}

function yearAt(s: Scan, i: number): number | undefined {
  const t = s.toks[i];
  if (!t || !isDigits(t) || !YEAR_RE.test(t.raw)) return undefined;
  const y = Number(t.raw);
  return y >= 1800 && y <= 2099 ? y : undefined;
}

function dateQuantity(s: Scan, a: number, b: number, y?: number, m?: number, d?: number, decade = false): Quantity {
  const start = s.toks[a].start;
  let end = s.toks[b].end;
  if (
    s.text[end] === '.' &&
    /^[A-Za-z]{3,4}$/.test(s.toks[b].raw) &&
    MONTHS.has(s.toks[b].lower) &&
    !/^(may|june|july)$/.test(s.toks[b].lower)
  )
    end += 1;
  return buildDate(s.text, start, end, y, m, d, decade);
}

function buildDate(
  text: string,
  start: number,
  end: number,
  y?: number,
  m?: number,
  d?: number,
  decade = false,
): Quantity {
  const keys: string[] = [];
  const accept: string[][] = [];
  if (decade && y !== undefined) {
    keys.push(`decade:${y}`);
    accept.push([`decade:${y}`]);
  } else {
    if (y !== undefined) keys.push(`y:${y}`);
    if (m !== undefined) keys.push(`m:${m}`);
    if (y !== undefined && m !== undefined) keys.push(`ym:${y}-${m}`);
    if (m !== undefined && d !== undefined) keys.push(`md:${m}-${d}`);
    if (y !== undefined && m !== undefined && d !== undefined) keys.push(`ymd:${y}-${m}-${d}`);
    if (y !== undefined && m !== undefined && d !== undefined)
      accept.push([`ymd:${y}-${m}-${d}`], [`md:${m}-${d}`, `y:${y}`]);
    else if (m !== undefined && d !== undefined) accept.push([`md:${m}-${d}`]);
    else if (y !== undefined && m !== undefined) accept.push([`ym:${y}-${m}`]);
    else if (m !== undefined) accept.push([`m:${m}`]);
    else if (y !== undefined) {
      // A bare four-digit figure may be a count ("2000 people") as much as a year.
      keys.push(`num:${y}`, `plain:${y}`);
      accept.push([`y:${y}`], [`num:${y}`]);
    }
  }
  return { kind: 'date', start, end, text: text.slice(start, end), keys, accept };
}

function tryDate(s: Scan, i: number): number | undefined {
  const t = s.toks[i];
  const fy = t.lower.startsWith('fy') ? /^FY(\d{2}|\d{4})$/i.exec(t.raw) : null;
  if (fy) {
    const y = fy[1].length === 2 ? 2000 + Number(fy[1]) : Number(fy[1]);
    s.out.push(dateQuantity(s, i, i, y));
    return i;
  }
  const m = monthAt(s, i);
  if (m !== undefined) {
    const day = linked(s, i + 1) ? dayAt(s, i + 1) : undefined;
    if (day) {
      const y = linked(s, day.end + 1) ? yearAt(s, day.end + 1) : undefined;
      if (y !== undefined) {
        s.out.push(dateQuantity(s, i, day.end + 1, y, m, day.d));
        return day.end + 1;
      }
      s.out.push(dateQuantity(s, i, day.end, undefined, m, day.d));
      return day.end;
    }
    if (linked(s, i + 1) && yearAt(s, i + 1) !== undefined) {
      s.out.push(dateQuantity(s, i, i + 1, yearAt(s, i + 1), m));
      return i + 1;
    }
    if (s.toks[i + 1]?.lower === 'of' && yearAt(s, i + 2) !== undefined) {
      s.out.push(dateQuantity(s, i, i + 2, yearAt(s, i + 2), m));
      return i + 2;
    }
    s.out.push(dateQuantity(s, i, i, undefined, m));
    return i;
  }
  const day = dayAt(s, i);
  if (day) {
    let j = day.end + 1;
    if (s.toks[j]?.lower === 'of' && spaced(s, j)) j++;
    const dm = spaced(s, j) ? monthAt(s, j, true) : undefined;
    if (dm !== undefined) {
      const y = linked(s, j + 1) ? yearAt(s, j + 1) : undefined;
      if (y !== undefined) {
        s.out.push(dateQuantity(s, i, j + 1, y, dm, day.d));
        return j + 1;
      }
      s.out.push(dateQuantity(s, i, j, undefined, dm, day.d));
      return j;
    }
  }
  const y = yearAt(s, i);
  if (y !== undefined) {
    const next = s.toks[i + 1];
    if (next && next.start === t.end && next.raw === 's') {
      s.out.push(dateQuantity(s, i, i + 1, y, undefined, undefined, true));
      return i + 1;
    }
    const prev = s.toks[i - 1];
    const money = prev && SYMBOL_CURRENCY[prev.raw] && prev.end === t.start;
    const unit = next && (SCALE_SUFFIX[next.lower] || next.raw === '%' || next.lower === 'percent') && spaced(s, i + 1);
    if (!money && !unit) {
      s.out.push(dateQuantity(s, i, i, y));
      return i;
    }
  }
  return undefined;
}

interface NumberRun {
  value: number;
  end: number;
  step: number;
  /** Alternative value when a glued "m" could be metres as well as millions. */
  alt?: number;
  gluedScale?: { value: number; idx: number };
}

function numberAt(s: Scan, i: number): NumberRun | undefined {
  const t = s.toks[i];
  if (isDigits(t)) {
    const canon = canonicalNumeral(t.raw);
    if (!/^\d+(\.\d+)?$/.test(canon)) return undefined;
    const next = s.toks[i + 1];
    if (next && next.start === t.end && ORDINAL_SUFFIX.has(next.lower)) return undefined;
    let value = Number(canon);
    const decimals = canon.includes('.') ? canon.split('.')[1].length : 0;
    let step = Math.pow(10, -decimals);
    let end = i;
    if (next && next.start === t.end && GLUED_SCALE[next.lower] !== undefined) {
      const scale = GLUED_SCALE[next.lower];
      return {
        value: value * scale,
        end: i + 1,
        step: step * scale,
        alt: next.lower === 'm' ? value : undefined,
        gluedScale: { value, idx: i + 1 },
      };
    }
    if (next && spaced(s, i + 1) && SCALE_SUFFIX[next.lower] !== undefined) {
      const scale = SCALE_SUFFIX[next.lower];
      value *= scale;
      step *= scale;
      end = i + 1;
    }
    return { value, end, step };
  }
  // Number words: "a dozen", "twenty-five", "two hundred and five", "three million".
  if (t.lower !== 'a' && t.lower !== 'an' && !isNumberWord(t.lower)) return undefined;
  let j = i;
  const words: string[] = [];
  if (
    (t.lower === 'a' || t.lower === 'an') &&
    spaced(s, i + 1) &&
    s.toks[i + 1] &&
    (s.toks[i + 1].lower === 'dozen' || SCALE_WORDS[s.toks[i + 1].lower])
  ) {
    words.push('one');
    j = i + 1;
  }
  while (j < s.toks.length && isNumberWord(s.toks[j].lower) && (j === i || spaced(s, j))) {
    words.push(s.toks[j].lower);
    if (
      s.toks[j + 1]?.lower === 'and' &&
      isNumberWord(s.toks[j + 2]?.lower ?? '') &&
      !SCALE_WORDS[s.toks[j + 2].lower]
    ) {
      j += 2;
      continue;
    }
    j++;
  }
  if (words.length === 0) return undefined;
  const end = j - 1;
  // A lone "one" is far more often a pronoun or determiner than a figure.
  if (words.length === 1 && words[0] === 'one') return undefined;
  if (words.length === 1 && SCALE_WORDS[words[0]] && t.lower !== 'a' && t.lower !== 'an') return undefined;
  const value = parseNumberWords(words);
  if (value === undefined) return undefined;
  const lastScale = SCALE_WORDS[words[words.length - 1]] ?? 1;
  return { value, end, step: lastScale };
}

function currencyBefore(s: Scan, i: number): { currency: string; start: number; idx: number } | undefined {
  const prev = s.toks[i - 1];
  if (!prev) return undefined;
  const sym = SYMBOL_CURRENCY[prev.raw];
  if (sym && /^ ?$/.test(gap(s, i))) {
    const pre = s.toks[i - 2];
    if (pre && pre.end === prev.start && (SYMBOL_PREFIX[pre.raw] || pre.raw === 'U.S.')) {
      return { currency: pre.raw === 'U.S.' ? 'USD' : SYMBOL_PREFIX[pre.raw], start: pre.start, idx: i - 2 };
    }
    return { currency: sym, start: prev.start, idx: i - 1 };
  }
  const code = CODE_CURRENCY[prev.raw];
  if (code && /^ ?$/.test(gap(s, i))) return { currency: code, start: prev.start, idx: i - 1 };
  return undefined;
}

function suffixAfter(s: Scan, end: number): { kind: 'percent' | 'money'; currency?: string; end: number } | undefined {
  const n1 = s.toks[end + 1];
  if (!n1 || !spaced(s, end + 1)) return undefined;
  if (n1.raw === '%' || n1.lower === 'percent' || n1.lower === 'pct') {
    return { kind: 'percent', end: end + 1 };
  }
  if (n1.lower === 'per' && s.toks[end + 2]?.lower === 'cent' && spaced(s, end + 2))
    return { kind: 'percent', end: end + 2 };
  if (n1.lower === 'percentage' && /^points?$/.test(s.toks[end + 2]?.lower ?? ''))
    return { kind: 'percent', end: end + 2 };
  if (WORD_CURRENCY[n1.lower]) return { kind: 'money', currency: WORD_CURRENCY[n1.lower], end: end + 1 };
  if (CODE_CURRENCY[n1.raw]) return { kind: 'money', currency: CODE_CURRENCY[n1.raw], end: end + 1 };
  const n2 = s.toks[end + 2];
  if (
    n2 &&
    spaced(s, end + 2) &&
    /^(us|u\.s\.|american|australian|canadian|hong)$/.test(n1.lower) &&
    /^dollars?$/.test(n2.lower)
  ) {
    const cur = n1.lower === 'australian' ? 'AUD' : n1.lower === 'canadian' ? 'CAD' : 'USD';
    return { kind: 'money', currency: cur, end: end + 2 };
  }
  return undefined;
}

/** The place value of a figure's last significant digit: 500,000 → 100,000; 2.1 → 0.1; 46 → 1. */
function lastDigitUnit(value: number): number {
  const v = Math.abs(value);
  if (v === 0) return 1;
  let unit = 10 ** Math.floor(Math.log10(v));
  while (unit > 1e-6 && Math.abs(v / unit - Math.round(v / unit)) > 1e-6) unit /= 10;
  return unit;
}

/**
 * How a word before a figure widens what backs it: the range a source value may take, if any. A bound
 * is a figure rounded on one side at its last significant digit: "more than £500,000" stands for
 * £500,000–£599,999 (£572,206), "nearly 40" for 31–40. That is how people round, not a fitted threshold.
 */
function roundingBefore(s: Scan, i: number, value: number): [number, number] | undefined {
  const p = s.toks[i - 1];
  if (!p) return undefined;
  const pp = s.toks[i - 2]?.lower;
  const w = p.lower;
  if (APPROX_WORDS.has(w)) return [value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE)];
  const unit = lastDigitUnit(value);
  if (w === 'over' || (w === 'than' && pp === 'more') || (w === 'least' && pp === 'at'))
    return [value, value + unit * 0.999];
  if (
    w === 'under' ||
    w === 'nearly' ||
    w === 'almost' ||
    (w === 'than' && (pp === 'less' || pp === 'fewer')) ||
    (w === 'to' && pp === 'up')
  )
    return [value - unit * 0.999, value];
  return undefined;
}

// "4-7%", "4 to 7 per cent": the first end of a range takes the unit written after the second.
const RANGE_GAP = /^\s*[-–—]\s*$/;

function percentRangeAfter(s: Scan, end: number): boolean {
  let k = end + 1;
  const next = s.toks[k];
  if (!next) return false;
  if (next.lower === 'to' && spaced(s, k)) k++;
  else if (!RANGE_GAP.test(s.text.slice(s.toks[end].end, next.start))) return false;
  const second = numberAt(s, k);
  return second !== undefined && suffixAfter(s, second.end)?.kind === 'percent';
}

function tryNumber(s: Scan, i: number): number | undefined {
  let run = numberAt(s, i);
  if (!run) return undefined;
  // "4Q", "1H": a quarter or half of the year, written as "Q4" is (tokens.ts spells both out).
  const glued = s.toks[run.end + 1];
  if (glued && glued.start === s.toks[run.end].end && (glued.lower === 'q' || glued.lower === 'h')) return run.end + 1;
  const cur = currencyBefore(s, i);
  // Text cut into words by a wire or CMS export writes "£ 50 m"; after a currency "m" is millions, never metres.
  const letter = s.toks[i + 1];
  if (cur && run.end === i && letter && letter.start > s.toks[i].end && spaced(s, i + 1)) {
    const scale = GLUED_SCALE[letter.lower];
    if (scale !== undefined) run = { value: run.value * scale, end: i + 1, step: run.step * scale };
  }
  const suffix = suffixAfter(s, run.end);
  let start = s.toks[i].start;
  let endIdx = run.end;
  let kind: 'number' | 'percent' | 'money' = 'number';
  let currency: string | undefined;
  const value = run.value;
  let alt = run.alt;
  if (suffix?.kind === 'percent' && !cur) {
    kind = 'percent';
    endIdx = suffix.end;
  } else if (!cur && !suffix && percentRangeAfter(s, run.end)) {
    kind = 'percent';
  } else if (cur || suffix?.kind === 'money') {
    kind = 'money';
    currency = cur?.currency ?? suffix?.currency;
    if (cur) start = cur.start;
    if (suffix?.kind === 'money') endIdx = suffix.end;
    alt = undefined;
  }
  // "two-fold", "3 fold": a multiplier, which a source may state as "doubled" (see findMultiplier).
  const fold = kind === 'number' && s.toks[endIdx + 1]?.lower === 'fold' && spaced(s, endIdx + 1);
  if (fold) endIdx++;
  const v = formatValue(value);
  const keys: string[] = fold ? [`times:${v}`] : [];
  const accept: string[][] = fold ? [[`times:${v}`]] : [];
  let family = 'num';
  if (kind === 'percent') {
    keys.push(`pct:${v}`);
    accept.push([`pct:${v}`]);
    family = 'pct';
  } else if (kind === 'money') {
    keys.push(`money:${currency}:${v}`, `num:${v}`);
    accept.push([`money:${currency}:${v}`], [`plain:${v}`]);
    family = `money:${currency}`;
  } else {
    keys.push(`num:${v}`, `plain:${v}`);
    accept.push([`num:${v}`]);
    if (alt !== undefined) {
      keys.push(`num:${formatValue(alt)}`, `plain:${formatValue(alt)}`);
      accept.push([`num:${formatValue(alt)}`]);
    }
  }
  const scaled = run.step >= 1000 || kind === 'percent' || run.step < 1;
  const rounding = roundingBefore(s, cur?.idx ?? i, value);
  const half = scaled ? run.step / 2 : 0;
  const [min, max] = rounding
    ? [Math.min(...rounding, value - half), Math.max(...rounding, value + half)]
    : [value - half, value + half];
  const end = s.toks[endIdx].end;
  s.out.push({
    kind,
    start,
    end,
    text: s.text.slice(start, end),
    value,
    currency,
    keys,
    accept,
    near: rounding || half > 0 ? { family, min, max } : undefined,
  });
  return endIdx;
}

const FOLD_WORD = /^(two|three|four|five|six|seven|eight|nine|ten)fold$/;

/** "twofold", "tenfold": one word, a multiplier as "two-fold" is. */
function tryFoldWord(s: Scan, i: number): void {
  const t = s.toks[i];
  if (!t.lower.endsWith('fold')) return;
  const m = FOLD_WORD.exec(t.lower);
  const n = m ? wordNumberValue(m[1]) : undefined;
  if (n === undefined) return;
  const v = formatValue(n);
  s.out.push({
    kind: 'number',
    start: t.start,
    end: t.end,
    text: t.raw,
    value: n,
    keys: [`times:${v}`],
    accept: [[`times:${v}`]],
  });
}

const ISO_DATE_RE = /\b(1[89]\d\d|20\d\d)-(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])\b/g;
const US_DATE_RE = /\b(0?[1-9]|1[0-2])\/(0?[1-9]|[12]\d|3[01])\/(\d{4}|\d{2})\b/g;

/**
 * Whether a figure or date can start at this token: a digit, a month, "FY", a number word, "a" /
 * "an" (before "dozen" or a scale) or "…fold". It says what `tryDate`, `tryNumber` and `tryFoldWord`
 * each test first, so the other words of a source (nine in ten) skip all three.
 */
function mayStartQuantity(t: RawToken): boolean {
  if (isDigits(t)) return true;
  const w = t.lower;
  return (
    (w.length >= 3 && (MONTHS.has(w) || (w.length > 5 && POSSESSIVE_RE.test(w) && MONTHS.has(w.slice(0, -2))))) ||
    w.startsWith('fy') ||
    w === 'a' ||
    w === 'an' ||
    isNumberWord(w) ||
    w.endsWith('fold')
  );
}

export function extractQuantities(text: string, toks: RawToken[] = tokenize(text)): Quantity[] {
  const s: Scan = { text, toks, out: [] };
  const claimed: Array<[number, number]> = [];
  for (const m of text.matchAll(ISO_DATE_RE)) {
    const st = m.index ?? 0;
    s.out.push(buildDate(text, st, st + m[0].length, Number(m[1]), Number(m[2]), Number(m[3])));
    claimed.push([st, st + m[0].length]);
  }
  for (const m of text.matchAll(US_DATE_RE)) {
    const st = m.index ?? 0;
    const yy = Number(m[3]);
    const y = m[3].length === 2 ? (yy < 50 ? 2000 + yy : 1900 + yy) : yy;
    s.out.push(buildDate(text, st, st + m[0].length, y, Number(m[1]), Number(m[2])));
    claimed.push([st, st + m[0].length]);
  }
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!mayStartQuantity(t)) continue;
    if (claimed.length > 0 && claimed.some(([a, b]) => t.start >= a && t.end <= b)) continue;
    const endDate = tryDate(s, i);
    if (endDate !== undefined) {
      i = endDate;
      continue;
    }
    const endNum = tryNumber(s, i);
    if (endNum !== undefined) i = endNum;
    else tryFoldWord(s, i);
  }
  return s.out.sort((a, b) => a.start - b.start);
}

/** Whether a source value falls in the range a rounded or bounded draft figure allows. */
export function withinNear(near: NonNullable<Quantity['near']>, value: number): boolean {
  return value >= near.min - 1e-9 && value <= near.max + 1e-9;
}
