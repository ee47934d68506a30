import { AppError, BadRequestError } from '../../errors/AppError.js';
import type { FetchPolicy } from '../feeds/fetchFeed.js';
import { safeFetch } from '../pages/safeFetch.js';
import { decodeHtml, extractArticle } from '../pages/extractArticle.js';
import { prepareSource } from '../ingest/prepareSource.js';
import { DRIFT_MAX_BYTES } from './settings.js';

export type SourceFetch =
  | { kind: 'not_modified'; status: 304 }
  | { kind: 'gone'; status: number }
  | {
      kind: 'article';
      status: number;
      etag: string | null;
      lastModified: string | null;
      title: string;
      text: string;
      /** Same rule as Source.contentHash (title and text, normalised), so the two compare. */
      contentHash: string;
    };

const GONE = new Set([404, 410]);
const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

/**
 * One conditional GET of a source's page and the article read from it the way ingestPage reads it
 * (Readability, then the ingest cleaning), so navigation, footers and whitespace never count as a
 * change. Fetch problems and pages with no article throw; 404 and 410 are answers.
 */
export async function fetchSource(
  url: string,
  validators: { etag: string | null; lastModified: string | null },
  publisher: string,
  policy: FetchPolicy,
): Promise<SourceFetch> {
  const headers: Record<string, string> = {};
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  let res;
  try {
    res = await safeFetch(url, {
      headers,
      allowPrivate: policy.allowPrivate,
      lookup: policy.lookup,
      timeoutMs: policy.timeoutMs,
      idleTimeoutMs: policy.idleTimeoutMs ?? policy.timeoutMs,
      maxBytes: policy.maxBytes ?? DRIFT_MAX_BYTES,
    });
  } catch (err) {
    const status = err instanceof AppError ? err.extra?.status : undefined;
    if (typeof status === 'number' && GONE.has(status)) return { kind: 'gone', status };
    throw err;
  }
  if (res.status === 304) return { kind: 'not_modified', status: 304 };
  if (res.contentType && !/html|xml/.test(res.contentType)) {
    throw new BadRequestError('not_a_page', `${res.finalUrl} is now ${res.contentType}, not an HTML page.`);
  }
  const contentTypeHeader = header(res.headers['content-type']) ?? undefined;
  const html = decodeHtml(res.body, contentTypeHeader);
  const article = extractArticle(html, res.finalUrl);
  const prepared = prepareSource({
    origin: 'page',
    url: res.finalUrl,
    publisher,
    title: article.title,
    text: article.text,
    archive: { contentType: res.contentType ?? 'text/html', body: '' },
  });
  return {
    kind: 'article',
    status: res.status,
    etag: header(res.headers.etag),
    lastModified: header(res.headers['last-modified']),
    title: prepared.title,
    text: prepared.text,
    contentHash: prepared.contentHash,
  };
}
