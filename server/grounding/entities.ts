/**
 * Named entities without a model: runs of capitalised words, acronyms and dotted
 * abbreviations. A lone capitalised word at the start of a sentence (or of a quote)
 * is skipped, because capitalisation there says nothing about it being a name.
 */
import { type RawToken, startsUpper } from './tokens.js';
import { isCommonWord } from './words.js';
import { isAbbreviationBeforeName } from './sentences.js';

export interface EntitySpan {
  start: number;
  end: number;
  text: string;
  acronym: boolean;
}

const CONNECTORS = new Set([
  'of',
  'de',
  'del',
  'della',
  'la',
  'le',
  'du',
  'da',
  'van',
  'von',
  'der',
  'den',
  'for',
  'on',
  'the',
  'y',
  '&',
]);
const LEADING_NOISE = new Set([
  'the',
  'a',
  'an',
  'in',
  'on',
  'at',
  'for',
  'as',
  'this',
  'that',
  'these',
  'those',
  'with',
  'by',
  'from',
  'to',
  'but',
  'and',
  'or',
  'if',
  'while',
  'when',
  'after',
  'before',
  'under',
  'over',
  'since',
  'during',
  'it',
  'its',
  'his',
  'her',
  'their',
  'our',
  'we',
  'he',
  'she',
  'they',
  'i',
  'there',
  'here',
  'however',
  'meanwhile',
  'today',
  'yesterday',
  'last',
  'next',
  'according',
  'although',
  'despite',
  'both',
  'each',
  'every',
  'all',
  'many',
  'most',
  'some',
  'such',
  'other',
  'while',
  'because',
  'also',
  'yet',
  'so',
  'no',
  'not',
  'my',
  'your',
  'what',
  'why',
  'how',
]);
const NOT_NAMES = new Set([
  'i',
  'mr',
  'mrs',
  'ms',
  'dr',
  'sen',
  'senator',
  'senators',
  'rep',
  'representative',
  'gov',
  'governor',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'god',
]);

export const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

// "I'll", "I'm", "I've", "I'd": the pronoun, capitalised in every position.
const I_CONTRACTION = /^i['’](?:ll|m|ve|d)$/;

/** Weekdays are capitalised but name nothing checkable, and would glue onto real names ("EU on Monday"). */
function isCapitalised(t: RawToken): boolean {
  return startsUpper(t.raw) && !WEEKDAYS.has(t.lower) && !I_CONTRACTION.test(t.lower);
}

// Asked of every capitalised word of every source: constants, not a new RegExp per call.
const DOTTED_CAPITALS = /^(?:\p{Lu}\.){2,}$/u;
const CAPITALS = /^\p{Lu}{2,6}s?$/u;

export function isAcronym(raw: string): boolean {
  return DOTTED_CAPITALS.test(raw) || CAPITALS.test(raw);
}

/** Ordinary words set in capitals for emphasis ("CLICK HERE", "BREAKING NEWS"), not a name. */
function isShouted(run: RawToken[]): boolean {
  return run.every((t) => /^\p{Lu}{3,}$/u.test(t.raw) && isCommonWord(t.lower));
}

function atStartOfClause(text: string, toks: RawToken[], i: number): boolean {
  if (i === 0) return true;
  const gap = text.slice(toks[i - 1].end, toks[i].start);
  // "Sen. Nelson", "David M. Larson": the full stop ends a title or an initial, not a sentence.
  const prev = toks[i - 1];
  const glued = i > 1 && toks[i - 2].end === prev.start; // the "s" of "1980s." is no initial
  if (/^\.\s+$/.test(gap) && !glued && isAbbreviationBeforeName(prev.raw)) return false;
  // A straight quote opens a clause only after a space; after a comma it closes one (`," Byrd said`).
  return (
    /[:;“‘(•\n]\s*$/.test(gap) || /(^|\s)"\s*$/.test(gap) || /[.!?]["”’)]?\s+$/.test(gap) || /^\s*[–—]\s*$/.test(gap)
  );
}

function joinable(text: string, a: RawToken, b: RawToken): boolean {
  const gap = text.slice(a.end, b.start);
  return gap === ' ' || gap === '-' || gap === '\u00a0';
}

/** `skip` marks tokens already claimed by a number, date or amount (month names, currency codes). */
export function extractEntities(text: string, toks: RawToken[], skip: (t: RawToken) => boolean): EntitySpan[] {
  const out: EntitySpan[] = [];
  let i = 0;
  // A letter glued to a figure is part of it ("4Q", "3D", "5G"), not a name.
  const gluedLetter = (k: number) => toks[k].raw.length === 1 && k > 0 && toks[k - 1].end === toks[k].start;
  while (i < toks.length) {
    if (!isCapitalised(toks[i]) || skip(toks[i]) || gluedLetter(i)) {
      i++;
      continue;
    }
    let j = i;
    // Grow the run over capitalised words and inner connectors ("Port of Portland").
    while (j + 1 < toks.length) {
      if (/['’]s$/.test(toks[j].raw)) break;
      const n = toks[j + 1];
      if (isCapitalised(n) && !skip(n) && joinable(text, toks[j], n)) {
        j++;
        continue;
      }
      const after = toks[j + 2];
      if (
        CONNECTORS.has(n.lower) &&
        after &&
        isCapitalised(after) &&
        !skip(after) &&
        joinable(text, toks[j], n) &&
        joinable(text, n, after)
      ) {
        j += 2;
        continue;
      }
      break;
    }
    let a = i;
    let b = j;
    while (a <= b && LEADING_NOISE.has(toks[a].lower) && !isAcronym(toks[a].raw)) a++;
    while (b >= a && CONNECTORS.has(toks[b].lower)) b--;
    i = j + 1;
    if (a > b) continue;
    const single = a === b;
    if (!single && isShouted(toks.slice(a, b + 1))) continue;
    const acronym = single && isAcronym(toks[a].raw);
    if (single && !acronym) {
      const norm = toks[a].lower.replace(/['’]s$/, '').replace(/\./g, '');
      if (NOT_NAMES.has(norm)) continue;
      // At a sentence start capitals say nothing, but a word no dictionary lists ("Kempthorne also
      // is seeking") is a name all the same.
      const bare = toks[a].raw.replace(/['’]s$/, '');
      if (atStartOfClause(text, toks, a) && (!/^\p{Lu}\p{Ll}+$/u.test(bare) || isCommonWord(bare.toLowerCase())))
        continue;
    }
    const start = toks[a].start;
    let end = toks[b].end;
    const poss = /['’]s$/.exec(toks[b].raw);
    if (poss) end -= 2;
    out.push({ start, end, text: text.slice(start, end), acronym });
  }
  return out;
}
