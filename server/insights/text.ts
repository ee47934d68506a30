import { distance } from 'fastest-levenshtein';
import { splitSentences } from '../grounding/sentences.js';
import type { RevisionContent } from '../drafting/revisionContent.js';

/**
 * The text a reader gets, in page order: title, 30 Second Briefing, each Technical Brief bullet and
 * each Our Take paragraph. Keywords, claims and catalogue links are metadata, not prose a reviewer
 * rewrites, so they are left out of every text measure.
 */
export function readableParts(
  c: Pick<RevisionContent, 'title' | 'thirtySecondBriefing' | 'technicalBrief' | 'ourTake'>,
): string[] {
  return [c.title, c.thirtySecondBriefing, ...c.technicalBrief.map((b) => b.text), ...c.ourTake].filter(
    (p) => p.trim() !== '',
  );
}

// A word: letters and digits, keeping joined forms ("year-on-year", "don't", "2.5", "1,200") whole.
// Punctuation between words is not a word, so "licences," and "licences" are the same word.
const WORD = /[\p{L}\p{N}]+(?:['’.,\-–][\p{L}\p{N}]+)*/gu;

export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

export function wordCount(parts: string[]): number {
  let n = 0;
  for (const p of parts) n += words(p).length;
  return n;
}

/**
 * Word-level Levenshtein distance: the fewest words inserted, deleted or replaced to turn one text
 * into the other (case-sensitive: a reviewer's capitalisation is an edit too). Each distinct word
 * becomes one UTF-16 code unit and fastest-levenshtein (Myers' bit-parallel algorithm) measures the
 * two strings; 63,000 distinct words per comparison is far beyond any briefing.
 */
export function wordEditDistance(a: string[], b: string[]): number {
  const codes = new Map<string, string>();
  const encode = (ws: string[]) => {
    let s = '';
    for (const w of ws) {
      let c = codes.get(w);
      if (c === undefined) {
        if (codes.size >= MAX_DISTINCT) throw new Error('too many distinct words to compare');
        // Start above the control characters; code units are compared, never displayed.
        c = String.fromCharCode(0x100 + codes.size);
        codes.set(w, c);
      }
      s += c;
    }
    return s;
  };
  return distance(encode(a), encode(b));
}

const MAX_DISTINCT = 0xffff - 0x100;

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Sentences of the readable text, whitespace-normalised; a title or bullet without a full stop is one sentence. */
export function sentences(parts: string[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    const found = splitSentences(p);
    if (found.length === 0) out.push(squash(p));
    else for (const s of found) out.push(squash(s.text));
  }
  return out.filter((s) => s !== '');
}

/**
 * How many of the draft's sentences did not reach the final text word for word (edited or deleted).
 * Counted as multisets: a sentence the draft has twice survives twice only if the final text has it twice.
 */
export function changedSentences(draft: string[], final: string[]): number {
  const left = new Map<string, number>();
  for (const s of final) left.set(s, (left.get(s) ?? 0) + 1);
  let changed = 0;
  for (const s of draft) {
    const n = left.get(s) ?? 0;
    if (n > 0) left.set(s, n - 1);
    else changed++;
  }
  return changed;
}
