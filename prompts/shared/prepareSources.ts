import { BadRequestError } from '../../server/errors/AppError.js';
import type { ComputedFact, EarlierBriefing, PromptSource, SourceLimits } from '../types.js';
import { removeBoundary } from './boundary.js';
import { sanitizeLine, sanitizeUntrusted } from './sanitize.js';

// Roughly 10k and 2k tokens: enough for a long article, bounded for a 200,000-word one.
export const DEFAULT_LIMITS: SourceLimits = { leadChars: 40_000, relatedChars: 8_000 };
/** A briefing is about 1,000 words: kept whole, bounded against an outlier. */
const EARLIER_CHARS = 12_000;

const SOURCE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export interface RenderedSource {
  id: string;
  role: 'lead' | 'related';
  publisher: string;
  title: string;
  url: string;
  publishedAt: string;
  text: string;
  truncatedNote: string | null;
}

function inert(text: string, boundary: string, oneLine: boolean): string {
  // Sanitise before removing the boundary: stripping invisible characters could otherwise assemble one.
  const clean = oneLine ? sanitizeLine(text) : sanitizeUntrusted(text);
  return removeBoundary(clean, boundary);
}

function truncate(text: string, limit: number): { text: string; note: string | null } {
  if (text.length <= limit) return { text, note: null };
  const cut = text.lastIndexOf(' ', limit);
  const kept = text.slice(0, cut > limit * 0.8 ? cut : limit).trimEnd();
  return { text: kept, note: `[source truncated by our system: ${kept.length} of ${text.length} characters shown]` };
}

function date(value: PromptSource['publishedAt']): string {
  if (value == null || value === '') return 'unknown';
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? 'unknown' : d.toISOString().slice(0, 10);
}

export function prepareSource(
  src: PromptSource,
  role: RenderedSource['role'],
  boundary: string,
  limit: number,
): RenderedSource {
  if (!SOURCE_ID.test(src.id))
    throw new BadRequestError('invalid_source_id', `Source id "${src.id}" is not a valid prompt id.`);
  const { text, note } = truncate(inert(src.text ?? '', boundary, false), limit);
  return {
    id: src.id,
    role,
    publisher: inert(src.publisher ?? '', boundary, true) || 'unknown',
    title: inert(src.title ?? '', boundary, true) || 'untitled',
    url: inert(src.url ?? '', boundary, true) || 'unknown',
    publishedAt: date(src.publishedAt),
    text,
    truncatedNote: note,
  };
}

export function prepareSources(
  lead: PromptSource,
  related: PromptSource[],
  boundary: string,
  limits: Partial<SourceLimits> = {},
): { lead: RenderedSource; related: RenderedSource[] } {
  const l = { ...DEFAULT_LIMITS, ...limits };
  const leadOut = prepareSource(lead, 'lead', boundary, l.leadChars);
  if (leadOut.text.length === 0) {
    throw new BadRequestError('lead_source_empty', `The lead source "${lead.id}" has no text to draft from.`);
  }
  const seen = new Set([lead.id]);
  const relatedOut: RenderedSource[] = [];
  for (const r of related) {
    if (seen.has(r.id)) throw new BadRequestError('duplicate_source_id', `Source id "${r.id}" is supplied twice.`);
    seen.add(r.id);
    const prepared = prepareSource(r, 'related', boundary, l.relatedChars);
    // An empty related source adds nothing the model can cite.
    if (prepared.text.length > 0) relatedOut.push(prepared);
  }
  return { lead: leadOut, related: relatedOut };
}

export interface RenderedFact {
  term: string;
  matches: number;
}

export function prepareFacts(facts: ComputedFact[], boundary: string): RenderedFact[] {
  return facts
    .filter((f) => Number.isInteger(f.matches) && f.matches >= 0)
    .map((f) => ({ term: JSON.stringify(inert(f.term, boundary, true)), matches: f.matches }))
    .filter((f) => f.term !== '""');
}

/** Editor instructions are trusted to steer style, but still cleaned and bounded. */
export function prepareInstructions(text: string, boundary: string, maxChars = 2_000): string {
  const clean = inert(text ?? '', boundary, false);
  if (clean.length === 0) throw new BadRequestError('instructions_empty', 'Regeneration needs written instructions.');
  return clean.length > maxChars ? clean.slice(0, maxChars) : clean;
}

export function prepareUntrustedJson(value: unknown, boundary: string): string {
  return inert(JSON.stringify(value, null, 2), boundary, false);
}

/** The earlier briefing of a story update: fenced and cut like a related source, a little longer. */
export function prepareEarlier(
  earlier: EarlierBriefing | null | undefined,
  boundary: string,
): { title: string; publishedAt: string; text: string; truncatedNote: string | null } | null {
  if (!earlier) return null;
  const { text, note } = truncate(inert(earlier.text, boundary, false), EARLIER_CHARS);
  if (!text) return null;
  return {
    title: inert(earlier.title, boundary, true) || 'untitled',
    publishedAt: date(earlier.publishedAt),
    text,
    truncatedNote: note,
  };
}
