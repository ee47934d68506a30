import type { SourceInput } from '../ingest/prepareSource.js';
import type { FeedItem, ParsedFeed } from './parseFeed.js';

/** Publisher shown next to feed items: the editor's choice, else the feed's title, else its host. */
export function feedPublisher(feed: { publisher?: string | null; title?: string | null; url: string }): string {
  if (feed.publisher?.trim()) return feed.publisher.trim();
  if (feed.title?.trim()) return feed.title.trim();
  try {
    return new URL(feed.url).hostname.replace(/^www\./, '');
  } catch {
    return 'Unknown publisher';
  }
}

export function feedItemToInput(
  item: FeedItem,
  ctx: {
    feedId: string | null;
    feedUrl: string;
    publisher: string;
    parsed: ParsedFeed;
    fetchedAt: Date;
    httpStatus?: number | null;
  },
): SourceInput {
  const text = item.contentText.trim() || item.summaryText.trim() || item.title;
  return {
    origin: 'feed',
    url: item.url ?? null,
    externalId: item.guid ?? null,
    publisher: ctx.publisher,
    title: item.title.trim() || item.summaryText.slice(0, 120) || '(untitled)',
    author: item.author ?? null,
    publishedAt: item.publishedAt ?? item.updatedAt ?? null,
    text,
    feedId: ctx.feedId,
    fetchedAt: ctx.fetchedAt,
    archive: {
      contentType: 'application/json',
      body: safeJson(item.raw),
      httpStatus: ctx.httpStatus ?? null,
      meta: { feedUrl: ctx.feedUrl, format: ctx.parsed.format, guid: item.guid ?? null, categories: item.categories },
    },
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, null, 2) ?? 'null';
  } catch {
    return String(v);
  }
}
