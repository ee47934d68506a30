/**
 * Sentence splitting tuned for news copy: abbreviations ("U.S.", "Inc.", "e.g."),
 * initials ("Olympia J. Snowe"), decimals and closing quotes must not end a sentence.
 */

export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// Never end a sentence: titles and the like are always followed by the word they qualify.
const NEVER_FINAL = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'sen',
  'sens',
  'rep',
  'reps',
  'gov',
  'gen',
  'lt',
  'col',
  'capt',
  'sgt',
  'st',
  'mt',
  'prof',
  'hon',
  'rev',
  'no',
  'nos',
  'vs',
  'v',
  'e.g',
  'i.e',
  'cf',
  'approx',
  'dept',
  'fig',
  'ft',
  'pp',
  'sec',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'est',
  'ca',
]);
// May end a sentence, but usually do not: split only if a typical sentence opener follows.
const SOMETIMES_FINAL = new Set(['inc', 'corp', 'co', 'ltd', 'jr', 'sr', 'etc', 'bros', 'plc', 'llc', 'a.m', 'p.m']);
const OPENERS = new Set([
  'the',
  'this',
  'that',
  'these',
  'those',
  'it',
  'its',
  'he',
  'she',
  'they',
  'we',
  'i',
  'in',
  'on',
  'at',
  'but',
  'and',
  'a',
  'an',
  'however',
  'there',
  'his',
  'her',
  'their',
  'our',
  'as',
  'for',
  'with',
  'after',
  'while',
  'when',
  'if',
  'since',
  'also',
  'meanwhile',
  'according',
  'under',
  'today',
  'yesterday',
  'last',
  'next',
  'some',
  'many',
  'both',
  'each',
  'all',
  'other',
  'most',
  'by',
  'from',
  'to',
  'of',
  'senator',
  'sen',
  'contact',
]);

function wordBefore(text: string, dot: number): string {
  let i = dot - 1;
  while (i >= 0 && /[\p{L}.]/u.test(text[i])) i--;
  return text.slice(i + 1, dot);
}

/** A word whose full stop never ends a sentence: a title ("Sen.", "Dr.") or an initial ("J."). */
export function isAbbreviationBeforeName(word: string): boolean {
  return NEVER_FINAL.has(word.toLowerCase()) || /^\p{Lu}$/u.test(word);
}

function nextWord(text: string, from: number): string {
  const m = /^[\p{L}]+/u.exec(text.slice(from, from + 40));
  return m ? m[0].toLowerCase() : '';
}

function isBoundary(text: string, punct: number, next: number): boolean {
  const nextChar = text[next];
  // "(D-Mass.) and Barbara Boxer": a full stop closed by a bracket and followed by a lower-case word
  // ends an abbreviation in the brackets, not the sentence.
  if (/\)/.test(text.slice(punct + 1, next)) && /\p{Ll}/u.test(nextChar)) return false;
  if (!/[\p{Lu}\d"“‘'([•*\-–—]/u.test(nextChar)) {
    // Text that arrives lower-cased still has sentences: after a figure, a closing bracket or an
    // ordinary word of three or more letters (never an abbreviation), a full stop ends one.
    if (!/\p{Ll}/u.test(nextChar) || text[punct] === '…') return false;
    if (text[punct] !== '.') return true;
    if (/[\d%)"”’']/.test(text[punct - 1] ?? '')) return true;
    const word = wordBefore(text, punct).replace(/^s$/, /['’]s$/.test(text.slice(punct - 2, punct)) ? 'xxs' : 's');
    const w = word.toLowerCase();
    return /^\p{L}{3,}$/u.test(word) && !/^\p{Lu}+$/u.test(word) && !NEVER_FINAL.has(w) && !SOMETIMES_FINAL.has(w);
  }
  if (text[punct] !== '.') return true;
  const before = wordBefore(text, punct);
  const lower = before.toLowerCase();
  if (lower === '') return true;
  if (NEVER_FINAL.has(lower)) return false;
  // A lone letter is an initial ("J. Snowe", "j. snowe"); dotted runs are abbreviations ("U.S.").
  if (/^\p{L}$/u.test(before)) return false;
  if (before.includes('.') || SOMETIMES_FINAL.has(lower)) return OPENERS.has(nextWord(text, next));
  return true;
}

/**
 * Longest stretch checked as one sentence. Matching a sentence word by word against its passage
 * costs the product of their lengths, so a run-on "sentence" (a list without full stops, text pasted
 * without punctuation) is checked in pieces; real sentences stay far below this.
 */
export const MAX_SENTENCE_WORDS = 150;
const CLAUSE_END = /^[,;:–—]/;

/** Offsets where a run-on stretch is cut: after the last clause break in the second half of each window, else after its last word. */
function cuts(text: string, start: number, end: number): number[] {
  // Each word takes a letter and a separator at least: shorter stretches need no count.
  if (end - start <= 2 * MAX_SENTENCE_WORDS) return [];
  // Words as the tokeniser sees them, so "a-b-c-…" without a space is cut too.
  const words = [...text.slice(start, end).matchAll(/[\p{L}\p{N}]+/gu)].map((m) => start + m.index + m[0].length);
  const out: number[] = [];
  let from = 0;
  while (words.length - from > MAX_SENTENCE_WORDS) {
    let cut = from + MAX_SENTENCE_WORDS - 1;
    let at = words[cut];
    for (let i = cut; i >= from + MAX_SENTENCE_WORDS / 2; i--) {
      if (CLAUSE_END.test(text.slice(words[i], words[i] + 1))) {
        cut = i;
        at = words[i] + 1;
        break;
      }
    }
    out.push(at);
    from = cut + 1;
  }
  return out;
}

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const pushTrimmed = (from: number, to: number) => {
    let s = from;
    let e = to;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) out.push({ text: text.slice(s, e), start: s, end: e });
  };
  const push = (end: number) => {
    let from = start;
    for (const cut of cuts(text, start, end)) {
      pushTrimmed(from, cut);
      from = cut;
    }
    pushTrimmed(from, end);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      push(i);
      start = i + 1;
      continue;
    }
    if (c !== '.' && c !== '!' && c !== '?' && c !== '…') continue;
    let j = i + 1;
    while (j < text.length && /[.!?…"'”’)\]]/.test(text[j])) j++;
    if (j >= text.length || !/[ \t\u00a0]/.test(text[j])) continue;
    let k = j;
    while (k < text.length && /[ \t\u00a0]/.test(text[k])) k++;
    if (k >= text.length || text[k] === '\n') continue;
    if (isBoundary(text, i, k)) {
      push(j);
      start = j;
      i = j - 1;
    }
  }
  push(text.length);
  return out;
}
