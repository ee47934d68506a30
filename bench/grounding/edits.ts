/**
 * Edits the evaluation plants into real sentences. "planted" edits change a fact (the check
 * must flag them); "restyled" edits only change its spelling (the check must NOT flag them).
 * Candidates are found with plain regexes, independent of the checker's own extractors.
 */
import type { Rng } from './prng.js';

export type EditKind = 'number' | 'percent' | 'money' | 'date' | 'entity' | 'quote';

export interface Edit {
  kind: EditKind;
  change: 'planted' | 'restyled';
  start: number;
  end: number;
  replacement: string;
  original: string;
  /** Part of the replacement that is the labelled item, when it is not all of it. */
  markStart?: number;
  markEnd?: number;
}

interface Cand {
  start: number;
  end: number;
  m: RegExpMatchArray;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTH_RE = new RegExp(`\\b(${MONTHS.join('|')})(\\s(\\d{1,2}))?(,?\\s((?:19|20)\\d\\d))?\\b`, 'g');
const MONEY_RE = /(?:US)?\$\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s(million|billion|thousand))?/g;
const PERCENT_RE = /\b(\d+(?:\.\d+)?)(\s?%|\s(?:percent|per cent))/g;
const YEAR_RE = /\b(?:19|20)\d\d\b/g;
const NUMBER_RE = /\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b|\b\d+(?:\.\d+)?\b/g;
const QUOTE_RE = /"([^"]{12,})"|“([^”]{12,})”/g;
const ENTITY_RE = /\b[A-Z][a-z]+(?:\s(?:of\s)?[A-Z][a-z]+)*/g;
const NOT_ENTITY = new Set([
  ...MONTHS,
  'I',
  'Mr',
  'Mrs',
  'Ms',
  'Dr',
  'Sen',
  'Senator',
  'Rep',
  'Gov',
  'The',
  'This',
  'That',
  'It',
  'He',
  'She',
  'We',
  'They',
  'In',
  'On',
  'As',
  'A',
  'An',
  'And',
  'But',
  'For',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
]);

const INVENTED_NAMES: string[][] = [
  [
    'Halvorsen',
    'Quenby',
    'Marchetti',
    'Okonkwo',
    'Vandermeer',
    'Thistlewood',
    'Brackley',
    'Kestrelton',
    'Dunmoreland',
    'Ravensholt',
  ],
  [
    'Harwick Minerals',
    'Elena Vossberg',
    'Port Kestrelby',
    'Brightwater Holdings',
    'Tomasz Rellik',
    'Corvane Energy',
    'Milo Strandquist',
    'Ashgrove Basin',
  ],
  [
    'Northfield Ore Company',
    'Marisol Quint Hale',
    'Grey Heron Resources',
    'Delmont Valley Authority',
    'Oskar Brandt Lindqvist',
    'Tamsin Roe Whitcombe',
  ],
];
const INVENTED_QUOTES = [
  'We will not rest until every family in this state has affordable heat',
  'This is a turning point for rural communities across the region',
  'Nobody should have to choose between their safety and a paycheck',
  'The numbers tell a story that nobody in this town can keep ignoring',
  'Our crews deserve nothing less than the best equipment money can buy',
  'Frankly, this plan was drawn up without asking the people it affects',
  'I have never seen a project move this quickly through the approval process',
  'Every dollar of this money will be spent where the need is greatest',
];
const SWAP_WORDS = [
  'remarkable',
  'troubling',
  'decisive',
  'reckless',
  'historic',
  'generous',
  'shameful',
  'urgent',
  'unprecedented',
  'modest',
];
const NUMBER_WORDS = [
  '',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];

function all(re: RegExp, s: string): Cand[] {
  return [...s.matchAll(re)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, m }));
}

const overlaps = (a: Cand, b: Cand) => a.start < b.end && b.start < a.end;

function moneyCands(s: string): Cand[] {
  return all(MONEY_RE, s);
}
function percentCands(s: string): Cand[] {
  return all(PERCENT_RE, s).filter((c) => !/[$\d.,]$/.test(s.slice(0, c.start)));
}
function monthCands(s: string): Cand[] {
  // "May" and "March" are also ordinary words; only take them with a day or year.
  return all(MONTH_RE, s).filter((c) => (c.m[1] !== 'May' && c.m[1] !== 'March') || c.m[2] || c.m[4]);
}
function yearCands(s: string): Cand[] {
  const taken = [...moneyCands(s), ...percentCands(s), ...monthCands(s)];
  return all(YEAR_RE, s).filter(
    (c) =>
      !taken.some((t) => overlaps(t, c)) &&
      !/[$\d,./-]$/.test(s.slice(0, c.start)) &&
      !/^[-/,.]?\d/.test(s.slice(c.end)),
  );
}
function numberCands(s: string): Cand[] {
  const taken = [...moneyCands(s), ...percentCands(s), ...monthCands(s), ...all(YEAR_RE, s)];
  return all(NUMBER_RE, s).filter(
    (c) =>
      !taken.some((t) => overlaps(t, c)) &&
      !/[$/#:-]$|No\. $/.test(s.slice(0, c.start)) &&
      !/^(?:[-/:]\d|st\b|nd\b|rd\b|th\b|[a-zA-Z])/.test(s.slice(c.end)),
  );
}
function entityCands(s: string): Cand[] {
  return all(ENTITY_RE, s).filter((c) => {
    const before = s.slice(0, c.start);
    if (c.start === 0 || /(?:^|[.!?:;"“(*•-]\s*)$/.test(before) || /[-']$/.test(before)) return false;
    const words = c.m[0].split(/\s+/);
    return !words.some((w) => NOT_ENTITY.has(w)) && !/^[-']/.test(s.slice(c.end));
  });
}
/** Real names from a text, as the bench (not the checker) sees them. */
export function namesIn(s: string): string[] {
  return entityCands(s)
    .filter((c) => !/^[A-Za-z]/.test(s.slice(c.end)))
    .map((c) => c.m[0]);
}

function quoteCands(s: string): Cand[] {
  return all(QUOTE_RE, s);
}

function absent(corpus: string, text: string): boolean {
  const esc = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Figures count as present even when glued to letters ("FY2003"), but not inside a longer figure.
  const re = /^\d/.test(text) ? `(?<!\\d)(?<!\\d[.,])${esc}(?!\\d)(?![.,]\\d)` : `(?<!\\w)${esc}(?!\\w)`;
  return !new RegExp(re, 'i').test(corpus);
}

/** Every figure in the corpus, so a planted figure is never a rounding of a real one. */
function corpusFigures(corpus: string): number[] {
  return [...corpus.matchAll(/\d[\d,]*(?:\.\d+)?/g)]
    .map((m) => Number(m[0].replace(/,/g, '')))
    .filter((n) => Number.isFinite(n));
}

function formatLike(original: string, value: number): string {
  const decimals = original.includes('.') ? original.split('.')[1].length : 0;
  const fixed = value.toFixed(decimals);
  if (!original.includes(',')) return fixed;
  const [int, frac] = fixed.split('.');
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
}

/** A clearly different figure in the same style, absent from every source of the case. */
function otherNumber(rng: Rng, original: string, corpus: string): string | undefined {
  const v = Number(original.replace(/,/g, ''));
  const figures = corpusFigures(corpus);
  for (let attempt = 0; attempt < 12; attempt++) {
    const factor = rng.pick([0.4, 0.6, 0.7, 1.3, 1.5, 1.8, 2, 2.5, 3]);
    let nv = v * factor;
    if (!original.includes('.')) nv = Math.round(nv);
    if (v < 10 && !original.includes('.')) nv = v + 2 + rng.int(7);
    const text = formatLike(original, nv);
    const plain = text.replace(/,/g, '');
    if (Math.abs(nv - v) < Math.max(1, 0.2 * v)) continue;
    if (!absent(corpus, text) || !absent(corpus, plain) || !absent(corpus, String(Number(plain)))) continue;
    if (figures.some((x) => Math.abs(x - nv) <= 0.15 * nv)) continue;
    if (Number.isInteger(nv) && nv <= 20 && !absent(corpus, NUMBER_WORDS[nv] ?? '')) continue;
    return text;
  }
  return undefined;
}

function replaceGroup(
  c: Cand,
  group: number,
  value: string,
  s: string,
): { start: number; end: number; replacement: string } {
  const full = c.m[0];
  const inner = c.m[group];
  const at = full.indexOf(inner);
  return {
    start: c.start,
    end: c.end,
    replacement: s.slice(c.start, c.start + at) + value + full.slice(at + inner.length),
  };
}

type Planter = (s: string, rng: Rng, corpus: string) => Edit | undefined;

export const PLANTERS: Record<EditKind, Planter> = {
  money(s, rng, corpus) {
    const c = rng.shuffle(moneyCands(s))[0];
    const n = c && otherNumber(rng, c.m[1], corpus);
    if (!c || !n) return undefined;
    return { kind: 'money', change: 'planted', original: c.m[0], ...replaceGroup(c, 1, n, s) };
  },
  percent(s, rng, corpus) {
    const c = rng.shuffle(percentCands(s))[0];
    const n = c && otherNumber(rng, c.m[1], corpus);
    if (!c || !n) return undefined;
    return { kind: 'percent', change: 'planted', original: c.m[0], ...replaceGroup(c, 1, n, s) };
  },
  number(s, rng, corpus) {
    const c = rng.shuffle(numberCands(s))[0];
    const n = c && otherNumber(rng, c.m[0], corpus);
    if (!c || !n) return undefined;
    return { kind: 'number', change: 'planted', original: c.m[0], start: c.start, end: c.end, replacement: n };
  },
  date(s, rng, corpus) {
    const months = monthCands(s);
    if (months.length > 0 && rng.next() < 0.6) {
      const c = rng.pick(months);
      const choices = MONTHS.filter((m) => m !== c.m[1] && absent(corpus, m) && absent(corpus, m.slice(0, 3)));
      if (choices.length > 0) {
        return { kind: 'date', change: 'planted', original: c.m[0], ...replaceGroup(c, 1, rng.pick(choices), s) };
      }
    }
    const c = rng.shuffle(yearCands(s))[0];
    if (!c) return undefined;
    for (const delta of rng.shuffle([-3, -2, -1, 1, 2, 3])) {
      const y = String(Number(c.m[0]) + delta);
      if (absent(corpus, y))
        return { kind: 'date', change: 'planted', original: c.m[0], start: c.start, end: c.end, replacement: y };
    }
    return undefined;
  },
  entity(s, rng, corpus) {
    const c = rng.shuffle(entityCands(s))[0];
    if (!c) return undefined;
    const words = Math.min(3, c.m[0].split(/\s+/).length);
    const options = INVENTED_NAMES[words - 1].filter((n) => n.split(' ').every((w) => absent(corpus, w)));
    if (options.length === 0) return undefined;
    return {
      kind: 'entity',
      change: 'planted',
      original: c.m[0],
      start: c.start,
      end: c.end,
      replacement: rng.pick(options),
    };
  },
  quote(s, rng, corpus) {
    const quotes = quoteCands(s);
    if (quotes.length > 0 && rng.next() < 0.5) {
      const c = rng.pick(quotes);
      const inner = c.m[1] ?? c.m[2];
      const words = all(/\b[a-z]{5,}\b/g, inner);
      const swap = SWAP_WORDS.filter((w) => absent(corpus, w));
      if (words.length > 0 && swap.length > 0) {
        const w = rng.pick(words);
        const at = c.start + 1 + w.start;
        const replacement = s.slice(c.start, at) + rng.pick(swap) + s.slice(at + w.m[0].length, c.end);
        return { kind: 'quote', change: 'planted', original: c.m[0], start: c.start, end: c.end, replacement };
      }
    }
    if (!/[.!?]$/.test(s)) return undefined;
    const phrase = rng.pick(INVENTED_QUOTES);
    const quoted = `"${phrase},"`;
    const replacement = ` ${quoted} ${rng.pick(['he said', 'she said', 'the senator added', 'officials said'])}.`;
    return {
      kind: 'quote',
      change: 'planted',
      original: '',
      start: s.length,
      end: s.length,
      replacement,
      markStart: 1,
      markEnd: 1 + quoted.length,
    };
  },
};

const SCALE_ABBR: Record<string, string> = { million: 'm', billion: 'bn', thousand: 'k' };

/** Restyling inside a quotation would make it a misquote, so those spots are left alone. */
function outsideQuotes(s: string, cands: Cand[]): Cand[] {
  const quotes = quoteCands(s);
  return cands.filter((c) => !quotes.some((q) => overlaps(q, c)));
}

export const RESTYLERS: Record<EditKind, (s: string, rng: Rng) => Edit | undefined> = {
  money(s, rng) {
    const c = rng.shuffle(outsideQuotes(s, moneyCands(s)))[0];
    if (!c) return undefined;
    const [amount, scale] = [c.m[1], c.m[3]];
    const options = scale
      ? [`US$${amount}${SCALE_ABBR[scale]}`, `${amount} ${scale} dollars`, `$${amount}${SCALE_ABBR[scale]}`]
      : [`${amount} dollars`, `US$${amount}`];
    return {
      kind: 'money',
      change: 'restyled',
      original: c.m[0],
      start: c.start,
      end: c.end,
      replacement: rng.pick(options),
    };
  },
  percent(s, rng) {
    const c = rng.shuffle(outsideQuotes(s, percentCands(s)))[0];
    if (!c) return undefined;
    const options = [`${c.m[1]}%`, `${c.m[1]} per cent`, `${c.m[1]} percent`].filter((o) => o !== c.m[0]);
    return {
      kind: 'percent',
      change: 'restyled',
      original: c.m[0],
      start: c.start,
      end: c.end,
      replacement: rng.pick(options),
    };
  },
  number(s, rng) {
    const c = rng.shuffle(outsideQuotes(s, numberCands(s)))[0];
    if (!c) return undefined;
    const v = Number(c.m[0].replace(/,/g, ''));
    let replacement: string | undefined;
    if (c.m[0].includes(',')) replacement = c.m[0].replace(/,/g, '');
    else if (v === 12 && rng.next() < 0.5) replacement = 'a dozen';
    else if (Number.isInteger(v) && v >= 2 && v <= 20) replacement = NUMBER_WORDS[v];
    else if (Number.isInteger(v) && v >= 1000 && v < 10000) replacement = c.m[0].replace(/^(\d)(\d{3})$/, '$1,$2');
    return replacement
      ? { kind: 'number', change: 'restyled', original: c.m[0], start: c.start, end: c.end, replacement }
      : undefined;
  },
  date(s, rng) {
    const c = rng.shuffle(outsideQuotes(s, monthCands(s)))[0];
    if (!c) return undefined;
    const [month, day, year] = [c.m[1], c.m[3], c.m[5]];
    const abbr = ['May', 'June', 'July'].includes(month) ? month : `${month.slice(0, month === 'September' ? 4 : 3)}.`;
    let replacement: string;
    if (day && year) replacement = rng.next() < 0.5 ? `${day} ${month} ${year}` : `${abbr} ${day}, ${year}`;
    else if (day) replacement = rng.next() < 0.5 ? `${day} ${month}` : `${abbr} ${day}`;
    else if (year && abbr !== month) replacement = `${abbr} ${year}`;
    else return undefined;
    return { kind: 'date', change: 'restyled', original: c.m[0], start: c.start, end: c.end, replacement };
  },
  entity(s, rng) {
    const cands = all(/\bU\.S\.(?=\s+\S)|\bUnited States\b|\bSenator(?= [A-Z])|\bSen\.(?= [A-Z])/g, s);
    const c = rng.shuffle(outsideQuotes(s, cands))[0];
    if (!c) return undefined;
    const map: Record<string, string[]> = {
      'U.S.': ['United States', 'US'],
      'United States': ['U.S.', 'US'],
      Senator: ['Sen.'],
      'Sen.': ['Senator'],
    };
    return {
      kind: 'entity',
      change: 'restyled',
      original: c.m[0],
      start: c.start,
      end: c.end,
      replacement: rng.pick(map[c.m[0]]),
    };
  },
  quote(s, rng) {
    const c = rng.shuffle(quoteCands(s).filter((q) => q.m[1] !== undefined))[0];
    if (!c) return undefined;
    return {
      kind: 'quote',
      change: 'restyled',
      original: c.m[0],
      start: c.start,
      end: c.end,
      replacement: `“${c.m[1]}”`,
    };
  },
};
