import { createHash } from 'node:crypto';
import { ValidationError, type FieldIssue } from '../../errors/AppError.js';
import type { SourceOrigin } from '../../generated/prisma/enums.js';
import { canonicalizeUrl } from '../url/canonicalUrl.js';
import { contentHash } from '../text/contentHash.js';
import { fingerprint, type Signature } from '../text/fingerprint.js';
import { extractKeywords } from '../text/keywords.js';
import { normaliseText } from '../text/htmlToText.js';
import { stripInvisible } from '../text/stripInvisible.js';
import { words } from '../text/tokenize.js';
import { cleanExternal } from '../text/cleanExternal.js';
import { lshBands, toStored } from './lsh.js';

/** What every origin (feed, page, import, API) hands to upsertSources. */
export interface SourceInput {
  origin: SourceOrigin;
  /** The article's web address; null for imports that have none. */
  url?: string | null;
  /** Known canonical location (e.g. <link rel=canonical>); defaults to canonicalizeUrl(url). */
  canonicalUrl?: string;
  /** Identifier in the originating system, used for a stable key when there is no URL. */
  externalId?: string | null;
  publisher: string;
  title: string;
  author?: string | null;
  publishedAt?: Date | null;
  language?: string | null;
  /** Plain text (already extracted from HTML by the caller). */
  text: string;
  feedId?: string | null;
  fetchedAt?: Date;
  /** Provenance: exactly what was received. */
  archive: { contentType: string; body: string; httpStatus?: number | null; meta?: Record<string, unknown> };
}

export interface PreparedSource {
  /** What was received, cleaned; without its text, which `text` holds normalised (a batch in flight held both). */
  input: Omit<SourceInput, 'text'>;
  canonicalUrl: string;
  url: string;
  publisher: string;
  title: string;
  author: string | null;
  text: string;
  wordCount: number;
  contentHash: string;
  signature: Signature;
  fingerprint: number[];
  /** Empty for texts too short for MinHash to mean anything. */
  lshBands: string[];
  keywords: string[];
  /** What cleaning changed, by field (NUL removed, unpaired surrogates replaced): reported, never silent. */
  cleaned: FieldIssue[];
}

/** Longer texts are refused rather than truncated: a truncated article would be quoted as if complete. */
export const MAX_TEXT_CHARS = 1_000_000;
export const MAX_TITLE_CHARS = 1_000;
/** Below this many words MinHash is too brittle; exact content hash still catches copies. */
export const MIN_WORDS_FOR_NEAR_DUPLICATES = 20;
const SYNTHETIC_PREFIX = 'urn:briefing-desk:';

const slug = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'unknown';

/**
 * A stable key for records without a URL, so re-importing the same file finds
 * the same rows: the source system's id when given, else a hash of the content.
 */
export function syntheticCanonicalUrl(
  origin: SourceOrigin,
  publisher: string,
  externalId: string | null | undefined,
  title: string,
  text: string,
): string {
  const id = externalId?.trim()
    ? encodeURIComponent(externalId.trim().slice(0, 200))
    : createHash('sha256').update(`${title}\n${text}`).digest('hex').slice(0, 32);
  return `${SYNTHETIC_PREFIX}${origin}:${slug(publisher)}:${id}`;
}

export function isSyntheticUrl(url: string): boolean {
  return url.startsWith(SYNTHETIC_PREFIX);
}

function oneLine(s: string | null | undefined): string {
  return stripInvisible(s ?? '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Pure: cleans, validates and derives everything stored with a source. Throws ValidationError naming the field. */
/**
 * Every string of a record from outside, made storable (sources/text/cleanExternal.ts); the notes say
 * what changed. The archive keeps what was received, minus what PostgreSQL cannot store.
 */
function cleanInput(raw: SourceInput): { input: SourceInput; cleaned: FieldIssue[] } {
  const cleaned: FieldIssue[] = [];
  const clean = <T extends string | null | undefined>(field: string, v: T): T => {
    if (typeof v !== 'string') return v;
    const c = cleanExternal(v);
    if (c.note) cleaned.push({ field, message: c.note });
    return c.text as T;
  };
  const input: SourceInput = {
    ...raw,
    title: clean('title', raw.title),
    publisher: clean('publisher', raw.publisher),
    author: clean('author', raw.author),
    text: clean('text', raw.text),
    url: clean('url', raw.url),
    canonicalUrl: clean('canonicalUrl', raw.canonicalUrl),
    externalId: clean('id', raw.externalId),
    language: clean('language', raw.language),
    archive: { ...raw.archive, body: clean('archive', raw.archive.body) },
  };
  return { input, cleaned };
}

export function prepareSource(received: SourceInput): PreparedSource {
  const { input, cleaned } = cleanInput(received);
  const issues: FieldIssue[] = [];
  const title = oneLine(input.title);
  const publisher = oneLine(input.publisher);
  const text = normaliseText(input.text ?? '');
  if (!title) issues.push({ field: 'title', message: 'is required' });
  if (title.length > MAX_TITLE_CHARS)
    issues.push({ field: 'title', message: `is longer than ${MAX_TITLE_CHARS} characters` });
  if (!publisher) issues.push({ field: 'publisher', message: 'is required' });
  if (!text) issues.push({ field: 'text', message: 'is required (the article has no text)' });
  if (text.length > MAX_TEXT_CHARS) {
    issues.push({
      field: 'text',
      message: `is ${(text.length / 1e6).toFixed(1)} million characters; the limit is ${MAX_TEXT_CHARS / 1e6} million`,
    });
  }
  let canonicalUrl = '';
  let url = '';
  try {
    if (input.url?.trim()) {
      url = input.url.trim();
      canonicalUrl = input.canonicalUrl ?? canonicalizeUrl(url);
    } else if (issues.length === 0) {
      canonicalUrl = syntheticCanonicalUrl(input.origin, publisher, input.externalId, title, text);
      url = canonicalUrl;
    }
  } catch (e) {
    issues.push({ field: 'url', message: (e as Error).message });
  }
  if (issues.length > 0) {
    throw new ValidationError(`Invalid source: ${[...new Set(issues.map((i) => i.field))].join(', ')}.`, { issues });
  }
  const ws = words(text);
  const signature = fingerprint(text, ws);
  const wordCount = ws.length;
  const { text: _received, ...kept } = input;
  return {
    input: kept,
    canonicalUrl,
    url,
    publisher,
    title,
    author: oneLine(input.author) || null,
    text,
    wordCount,
    contentHash: contentHash(`${title}\n${text}`),
    signature,
    fingerprint: toStored(signature),
    lshBands: wordCount >= MIN_WORDS_FOR_NEAR_DUPLICATES ? lshBands(signature) : [],
    keywords: extractKeywords(title, text, 10),
    cleaned,
  };
}
