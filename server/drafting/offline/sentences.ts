/**
 * Splits article text into sentences that are exact substrings of it, so a
 * sentence can be quoted as evidence and found again character for character.
 */
export interface Sentence {
  /** Exactly as in the source (inner line breaks included). */
  raw: string;
  /** Whitespace collapsed, for display. */
  text: string;
  start: number;
  /** Order within its source, from 0. */
  index: number;
}

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'ft',
  'inc',
  'ltd',
  'co',
  'corp',
  'plc',
  'llc',
  'bros',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'cf',
  'al',
  'approx',
  'fig',
  'vol',
  'dept',
  'gov',
  'govt',
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
  'u.s',
  'u.k',
  'u.n',
  'e.u',
  'a.m',
  'p.m',
]);

// A terminator, optional closing quotes/brackets, then whitespace.
const END = /[.!?](?:["'”’)\]]*)(?=\s)/g;

function isAbbreviation(text: string, dot: number): boolean {
  if (text[dot] !== '.') return false;
  const before = text.slice(Math.max(0, dot - 12), dot).match(/([A-Za-z][A-Za-z.]*)$/);
  if (!before) return false;
  const word = before[1].toLowerCase();
  // "No. 5" is a number sign, "said no. Then" is not.
  if (word === 'no' && /^\s*\d/.test(text.slice(dot + 1, dot + 4))) return true;
  // Single capital letters are initials ("J. Smith").
  return ABBREVIATIONS.has(word) || /^[a-z]$/.test(word) || /^([a-z]\.)+[a-z]$/.test(word);
}

const NEXT = /\s+(\S)/y;

function startsNewSentence(text: string, from: number): boolean {
  NEXT.lastIndex = from;
  const next = NEXT.exec(text);
  return !!next && /[\p{Lu}\p{N}"'“‘([<]/u.test(next[1]);
}

export function splitSentences(text: string): Sentence[] {
  const cuts: number[] = [];
  for (const m of text.matchAll(END)) {
    const end = m.index + m[0].length;
    if (isAbbreviation(text, m.index) || !startsNewSentence(text, end)) continue;
    cuts.push(end);
  }
  // Blank lines end a sentence even without punctuation (headings, captions).
  for (const m of text.matchAll(/\n\s*\n/g)) cuts.push(m.index);
  cuts.push(text.length);
  cuts.sort((a, b) => a - b);

  const out: Sentence[] = [];
  let pos = 0;
  for (const cut of cuts) {
    if (cut <= pos) continue;
    const chunk = text.slice(pos, cut);
    const lead = chunk.length - chunk.trimStart().length;
    const raw = chunk.trim();
    if (raw) out.push({ raw, text: raw.replace(/\s+/g, ' '), start: pos + lead, index: out.length });
    pos = cut;
  }
  return out;
}
