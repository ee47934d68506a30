/**
 * Everything the check needs to know about one source, computed once per check:
 * normalised tokens with their positions, figures and dates filed under their keys,
 * and acronyms formed by its capitalised names. Offsets always point into the original text.
 */
import { type NormToken, type WordToken, mergePhrases, startsUpper, wordTokenize } from './tokens.js';
import { type Quantity, extractQuantities } from './quantities.js';
import { isAcronym } from './entities.js';

export interface Span {
  start: number;
  end: number;
}

export interface NumericEntry extends Span {
  family: string;
  value: number;
}

export interface TextIndex {
  text: string;
  raw: WordToken[];
  tokens: NormToken[];
  /**
   * Where each search-space form first occurs in `tokens`; `nextSame[i]` is the next token of the
   * same form as token i, or -1. Chains in one typed array rather than a list per form: a source
   * keeps a thousand forms, and the collector would copy every list.
   */
  first: Map<string, number>;
  nextSame: Int32Array;
  keys: Map<string, Span>;
  numeric: NumericEntry[];
  acronyms: Map<string, Span>;
  /** Every figure and date, with offsets in this text (alignment checks what each is bound to). */
  quantities: Quantity[];
}

export interface SourceIndex {
  id: string;
  body: TextIndex;
  title?: TextIndex;
  /** Publisher and publication date as one line of text ("Reuters. 3 October 2025."); not a passage. */
  details?: TextIndex;
}

const ACRONYM_SKIP = new Set(['of', 'and', 'the', 'for', 'on', 'in', '&']);
const MAX_ACRONYM = 10;

function indexText(text: string): TextIndex {
  const raw = wordTokenize(text);
  const tokens = mergePhrases(raw);
  const first = new Map<string, number>();
  const nextSame = new Int32Array(tokens.length);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const norm = tokens[i].norm;
    nextSame[i] = first.get(norm) ?? -1;
    first.set(norm, i);
  }
  const keys = new Map<string, Span>();
  const numeric: NumericEntry[] = [];
  const quantities = extractQuantities(text, raw);
  for (const q of quantities) {
    const span = { start: q.start, end: q.end };
    for (const k of q.keys) if (!keys.has(k)) keys.set(k, span);
    if (q.value !== undefined) {
      const family = q.kind === 'percent' ? 'pct' : q.kind === 'money' ? `money:${q.currency}` : 'num';
      numeric.push({ family, value: q.value, ...span });
      if (q.kind === 'money') numeric.push({ family: 'plain', value: q.value, ...span });
      if (q.kind === 'number') numeric.push({ family: 'plain', value: q.value, ...span });
    }
  }
  // Initials of capitalised runs, so "MSHA" in a draft finds "Mine Safety and Health Administration".
  const acronyms = new Map<string, Span>();
  let run: typeof raw = [];
  const flush = () => {
    // Called after most tokens of a source, with no run open: nothing to file, so no arrays to build.
    if (run.length === 0) return;
    const words = run.filter((t) => !ACRONYM_SKIP.has(t.lower));
    // One code unit per word, so a tail's initials are a slice of the run's.
    const all = words.map((t) => t.raw[0]).join('');
    // Every tail of the run too: a sentence's first word joins the run ("But the Prime Minister")
    // and must not hide "PM". No acronym is longer than a few letters; capitalised text without end
    // would otherwise cost the square of its length.
    for (let from = Math.max(0, words.length - MAX_ACRONYM); words.length - from >= 2; from++) {
      const initials = all.slice(from).toLowerCase();
      if (!acronyms.has(initials)) acronyms.set(initials, { start: words[from].start, end: run[run.length - 1].end });
    }
    run = [];
  };
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i];
    const cap = startsUpper(t.raw) && !isAcronym(t.raw);
    const prevEnd = run.length === 0 ? -1 : run[run.length - 1].end;
    const contiguous =
      run.length === 0 || (t.start === prevEnd + 1 && (text[prevEnd] === ' ' || text[prevEnd] === '-'));
    if (cap && contiguous) run.push(t);
    else if (ACRONYM_SKIP.has(t.lower) && run.length > 0 && contiguous) run.push(t);
    else {
      flush();
      if (cap) run.push(t);
    }
  }
  flush();
  return { text, raw, tokens, first, nextSame, keys, numeric, acronyms, quantities };
}

// Re-checks after each edit see the same sources again; indexing is most of the cost, so keep a few.
const cache = new Map<string, SourceIndex>();
const CACHE_LIMIT = 64;

export function clearSourceIndexCache(): void {
  cache.clear();
}

// "3 October 2025", in UTC as the drafting prompt gives the date.
const DAY_MONTH_YEAR = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "Reuters. 3 October 2025." (UTC, as the prompt shows the date), or undefined when neither is known. */
export function sourceDetails(source: { publisher?: string; publishedAt?: Date | string | null }): string | undefined {
  const parts: string[] = [];
  if (source.publisher?.trim()) parts.push(`${source.publisher.trim()}.`);
  const d = source.publishedAt == null || source.publishedAt === '' ? undefined : new Date(source.publishedAt);
  if (d && !Number.isNaN(d.getTime())) parts.push(`${DAY_MONTH_YEAR.format(d)}.`);
  return parts.length ? parts.join(' ') : undefined;
}

export function buildSourceIndex(source: {
  id: string;
  text: string;
  title?: string;
  publisher?: string;
  publishedAt?: Date | string | null;
}): SourceIndex {
  const details = sourceDetails(source);
  const key = `${source.id}\u0000${source.title ?? ''}\u0000${details ?? ''}\u0000${source.text}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const built = {
    id: source.id,
    body: indexText(source.text),
    title: source.title ? indexText(source.title) : undefined,
    details: details ? indexText(details) : undefined,
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, built);
  return built;
}

/** Index in `ix.tokens` of the first token of this search-space form, or -1; `ix.nextSame` leads to the others. */
export function firstAt(ix: TextIndex, norm: string): number {
  return ix.first.get(norm) ?? -1;
}

/** Character span of the first contiguous occurrence of `norms`, if any. */
export function findPhrase(ix: TextIndex, norms: string[]): Span | undefined {
  if (norms.length === 0) return undefined;
  outer: for (let p = firstAt(ix, norms[0]); p >= 0; p = ix.nextSame[p]) {
    if (p + norms.length > ix.tokens.length) break;
    for (let k = 1; k < norms.length; k++) {
      if (ix.tokens[p + k].norm !== norms[k]) continue outer;
    }
    return { start: ix.tokens[p].start, end: ix.tokens[p + norms.length - 1].end };
  }
  return undefined;
}

export function firstOccurrence(ix: TextIndex, norm: string): Span | undefined {
  const p = firstAt(ix, norm);
  return p < 0 ? undefined : { start: ix.tokens[p].start, end: ix.tokens[p].end };
}

export function snippetAt(text: string, span: Span, radius = 60): string {
  const a = Math.max(0, span.start - radius);
  const b = Math.min(text.length, span.end + radius);
  return `${a > 0 ? '…' : ''}${text.slice(a, b).replace(/\s+/g, ' ').trim()}${b < text.length ? '…' : ''}`;
}
