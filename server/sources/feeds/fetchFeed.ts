import { BadRequestError } from '../../errors/AppError.js';
import { safeFetch, type SafeLookup } from '../pages/safeFetch.js';
import { parseFeed, type ParsedFeed } from './parseFeed.js';

export interface FetchPolicy {
  /** Tests only (SOURCES_ALLOW_PRIVATE_FETCH): lets fetches reach loopback and private networks. */
  allowPrivate: boolean;
  /** Resolves host names at connect time (default: the system resolver); tests inject one. */
  lookup?: SafeLookup;
  timeoutMs?: number;
  idleTimeoutMs?: number;
  maxBytes?: number;
}

/** Feeds are larger than article pages but a 50 MB "feed" is a mistake or an attack. */
export const FEED_MAX_BYTES = 10 * 1024 * 1024;
const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

export type FetchedFeed =
  | { notModified: true; status: 304; finalUrl: string }
  | {
      notModified: false;
      status: number;
      finalUrl: string;
      etag: string | null;
      lastModified: string | null;
      contentType: string;
      /** The document as received, decoded as UTF-8 for the archive when possible. */
      raw: string;
      feed: ParsedFeed;
    };

const header = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * Conditional GET + parse. Fetch problems throw UpstreamError (timeout,
 * too large, redirect loop…); documents that are not feeds throw
 * BadRequestError('not_a_feed') with the reason.
 */
export async function fetchFeed(
  url: string,
  validators: { etag?: string | null; lastModified?: string | null },
  policy: FetchPolicy,
): Promise<FetchedFeed> {
  const headers: Record<string, string> = { accept: FEED_ACCEPT };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  const res = await safeFetch(url, {
    headers,
    allowPrivate: policy.allowPrivate,
    lookup: policy.lookup,
    maxBytes: policy.maxBytes ?? FEED_MAX_BYTES,
    timeoutMs: policy.timeoutMs,
    idleTimeoutMs: policy.idleTimeoutMs,
  });
  if (res.status === 304) return { notModified: true, status: 304, finalUrl: res.finalUrl };
  const contentTypeHeader = header(res.headers['content-type']);
  const feed = parseFeed(res.body, {
    url: res.finalUrl,
    contentType: contentTypeHeader,
    contentLocation: header(res.headers['content-location']),
  });
  return {
    notModified: false,
    status: res.status,
    finalUrl: res.finalUrl,
    etag: header(res.headers.etag) ?? null,
    lastModified: header(res.headers['last-modified']) ?? null,
    contentType: contentTypeHeader ?? 'application/octet-stream',
    raw: res.body.toString('utf8'),
    feed,
  };
}

/** A feed file given directly (CLI, upload): parsed exactly like a fetched one. */
export function parseFeedFile(bytes: Buffer, pseudoUrl: string): ParsedFeed {
  if (bytes.length > FEED_MAX_BYTES)
    throw new BadRequestError('feed_too_large', `The feed file is larger than ${FEED_MAX_BYTES / 1024 / 1024} MB.`);
  return parseFeed(bytes, { url: pseudoUrl });
}
