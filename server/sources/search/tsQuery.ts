import { Prisma } from '../../generated/prisma/client.js';

/**
 * Turns what an editor types into a tsquery SQL fragment.
 *
 * websearch_to_tsquery already understands "quoted phrases", OR and -negation,
 * but not prefixes, so words ending in `*` are pulled out and matched with
 * to_tsquery's `:*` (stemmed by the same English configuration as the index).
 * Returns null for a query with nothing searchable in it.
 */
const PREFIX = /(^|\s)([\p{L}\p{N}][\p{L}\p{N}'’-]*)\*(?=\s|$)/gu;

export function parseSearchQuery(input: string): { words: string; prefixes: string[] } {
  const prefixes: string[] = [];
  const words = input
    .replace(PREFIX, (_m, lead: string, word: string) => {
      const clean = word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
      if (clean) prefixes.push(clean);
      return lead;
    })
    .replace(/\*/g, ' ')
    .trim();
  return { words, prefixes };
}

/**
 * The longest search of sources (`q` in `schemas/sources.ts`; tsQuerySql cuts any longer input), and
 * the longest term counted or matched as a phrase. Longer, a term (a source's keyword stored before
 * keywords were bounded, a hyphenated "word" of a million characters) would make a tsquery or
 * tsvector past PostgreSQL's 1 MB limits, or take seconds to parse; it matches nothing.
 */
export const MAX_TERM_CHARS = 500;

export function tsQuerySql(input: string): Prisma.Sql | null {
  const { words, prefixes } = parseSearchQuery(input.slice(0, MAX_TERM_CHARS));
  const parts: Prisma.Sql[] = [];
  if (/[\p{L}\p{N}]/u.test(words)) parts.push(Prisma.sql`websearch_to_tsquery('english', ${words})`);
  if (prefixes.length > 0) parts.push(Prisma.sql`to_tsquery('english', ${prefixes.map((p) => `${p}:*`).join(' & ')})`);
  if (parts.length === 0) return null;
  return Prisma.join(parts, ' && ');
}

/** Whether a term can be counted or matched: a letter or digit, and no longer than MAX_TERM_CHARS. */
function isUsableTerm(term: string): boolean {
  return term.length <= MAX_TERM_CHARS && /[\p{L}\p{N}]/u.test(term);
}

/** One key term as a phrase ("rare earth" → rare <-> earth), OR-ed over several terms. */
export function anyPhraseSql(terms: readonly string[]): Prisma.Sql | null {
  const usable = terms.filter(isUsableTerm);
  if (usable.length === 0) return null;
  return Prisma.join(
    usable.map((t) => Prisma.sql`phraseto_tsquery('english', ${t})`),
    ' || ',
  );
}
