import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { BadRequestError, UpstreamError } from '../../errors/AppError.js';
import { safeFetch } from '../../sources/pages/safeFetch.js';
import { decodeHtml, extractArticle } from '../../sources/pages/extractArticle.js';
import type { FetchPolicy } from '../../sources/feeds/fetchFeed.js';
import { upsertSource, type UpsertResult } from './upsertSources.js';

export const MAX_SAVED_PAGE_BYTES = 5 * 1024 * 1024;

function hostPublisher(url: string): string {
  return new URL(url).hostname.replace(/^www\./, '');
}

async function storeArticle(
  db: Db,
  actor: Actor | null,
  html: string,
  pageUrl: string,
  archive: { contentType: string; httpStatus: number | null; meta: Record<string, unknown> },
  now: Date,
): Promise<UpsertResult> {
  const article = extractArticle(html, pageUrl);
  return upsertSource(
    db,
    actor,
    {
      origin: 'page',
      url: pageUrl,
      canonicalUrl: article.canonicalUrl,
      publisher: article.siteName ?? hostPublisher(article.canonicalUrl),
      title: article.title,
      author: article.byline ?? null,
      publishedAt: article.publishedAt ?? null,
      language: article.lang ?? null,
      text: article.text,
      fetchedAt: now,
      archive: { contentType: archive.contentType, body: html, httpStatus: archive.httpStatus, meta: archive.meta },
    },
    now,
  );
}

/**
 * A page that cannot be fetched (refused address, unknown host, an error status, a redirect loop) or
 * holds no article is the fault of the address or the HTML the editor gave: a 400 naming that field,
 * with the reason, as subscribing to a feed answers. Errors that already name their fields (the
 * source's own validation) and everything else pass unchanged.
 */
async function namingField<T>(field: 'url' | 'html', run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if ((e instanceof BadRequestError || e instanceof UpstreamError) && !e.issues?.length)
      throw new BadRequestError(e.code, e.detail, { issues: [{ field, message: e.detail }], extra: e.extra, cause: e });
    throw e;
  }
}

/** Fetches an article page (SSRF-safe) and stores the extracted article. */
export function ingestPage(
  db: Db,
  actor: Actor | null,
  input: { url: string },
  policy: FetchPolicy,
  now = new Date(),
): Promise<UpsertResult> {
  return namingField('url', () => fetchAndStore(db, actor, input, policy, now));
}

async function fetchAndStore(
  db: Db,
  actor: Actor | null,
  input: { url: string },
  policy: FetchPolicy,
  now: Date,
): Promise<UpsertResult> {
  const res = await safeFetch(input.url, {
    allowPrivate: policy.allowPrivate,
    lookup: policy.lookup,
    timeoutMs: policy.timeoutMs,
    maxBytes: policy.maxBytes,
  });
  if (res.contentType && !/html|xml/.test(res.contentType)) {
    throw new BadRequestError('not_a_page', `${res.finalUrl} is ${res.contentType}, not an HTML page.`);
  }
  const html = decodeHtml(
    res.body,
    typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : undefined,
  );
  return storeArticle(
    db,
    actor,
    html,
    res.finalUrl,
    {
      contentType: res.contentType ?? 'text/html',
      httpStatus: res.status,
      meta: { requestedUrl: input.url, finalUrl: res.finalUrl },
    },
    now,
  );
}

/** A page the editor saved from a browser, with the address it was saved from. */
export async function ingestSavedPage(
  db: Db,
  actor: Actor | null,
  input: { html: string; url: string; filename?: string },
  now = new Date(),
): Promise<UpsertResult> {
  if (!input.html.trim())
    throw new BadRequestError('empty_page', 'The saved page is empty.', {
      issues: [{ field: 'html', message: 'is empty' }],
    });
  if (Buffer.byteLength(input.html) > MAX_SAVED_PAGE_BYTES) {
    throw new BadRequestError(
      'page_too_large',
      `The saved page is larger than ${MAX_SAVED_PAGE_BYTES / 1024 / 1024} MB.`,
      { issues: [{ field: 'html', message: 'is too large' }] },
    );
  }
  return namingField('html', () =>
    storeArticle(
      db,
      actor,
      input.html,
      input.url,
      { contentType: 'text/html', httpStatus: null, meta: { savedPage: true, filename: input.filename ?? null } },
      now,
    ),
  );
}
