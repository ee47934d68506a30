/**
 * Names in text that arrives lower-cased or in capitals throughout: capital letters say nothing
 * there, so a word is taken as (part of) a name when the sources write it with a capital away
 * from a sentence start more often than without, or, when they never write it away from one (or
 * not at all), when it is no common English word ("washington" of a "Washington, DC" heading).
 */
import type { EntitySpan } from './entities.js';
import type { SourcePassages } from './passages.js';
import type { WordToken } from './tokens.js';
import { isCommonWord, isStopword } from './words.js';

/** True when capitals carry no information: none at all, or (nearly) every word capitalised. */
export function isUncased(text: string): boolean {
  const words = text.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  if (words.length < 4) return false;
  if (!/\p{Lu}/u.test(text)) return true;
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalised / words.length >= 0.85;
}

/** How often the sources write a word with a capital and without, away from their sentence starts. */
function casingOf(key: string, sources: SourcePassages[]): { upper: number; lower: number } {
  let upper = 0;
  let lower = 0;
  for (const s of sources) {
    const k = s.casing.slot.get(key);
    if (k !== undefined) {
      upper += s.casing.counts[2 * k];
      lower += s.casing.counts[2 * k + 1];
    }
  }
  return { upper, lower };
}

function nameLike(t: WordToken, sources: SourcePassages[]): boolean {
  if (!/^\p{L}/u.test(t.raw) || isStopword(t.lower) || t.raw.length < 2) return false;
  const { upper, lower } = casingOf(t.key, sources);
  if (upper + lower > 0) return upper > lower;
  return t.raw.length >= 3 && !isCommonWord(t.lower);
}

export function uncasedNames(text: string, tokens: WordToken[], sources: SourcePassages[]): EntitySpan[] {
  const out: EntitySpan[] = [];
  let run: WordToken[] = [];
  const flush = () => {
    if (run.length) {
      const start = run[0].start;
      const end = run[run.length - 1].end;
      out.push({ start, end, text: text.slice(start, end), acronym: false });
    }
    run = [];
  };
  for (const t of tokens) {
    const joined = run.length === 0 || /^[ -]$/.test(text.slice(run[run.length - 1].end, t.start));
    if (nameLike(t, sources) && joined) run.push(t);
    else {
      flush();
      if (nameLike(t, sources)) run.push(t);
    }
  }
  flush();
  return out;
}

/**
 * The word opening a cased sentence, when the sources write it with a capital away from their own
 * sentence starts more often than without: "Japan" and "Bush" are names there, though WordNet lists
 * "japan" and "bush" in lower case.
 */
export function openingName(text: string, tokens: WordToken[], sources: SourcePassages[]): EntitySpan | undefined {
  const t = tokens[0];
  if (!t || !/^\p{Lu}\p{Ll}+(['’]s)?$/u.test(t.raw) || isStopword(t.lower)) return undefined;
  if (tokens[1] && /^\p{Lu}/u.test(tokens[1].raw) && text.slice(t.end, tokens[1].start) === ' ') return undefined;
  const { upper, lower } = casingOf(t.key, sources);
  if (upper === 0 || upper <= lower) return undefined;
  const end = t.end - (/['’]s$/.test(t.raw) ? 2 : 0);
  return { start: t.start, end, text: text.slice(t.start, end), acronym: false };
}
