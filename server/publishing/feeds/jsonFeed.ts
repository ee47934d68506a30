import type { FeedEntry } from './feedContent.js';
import type { FeedMeta } from './rss.js';

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). */
export function renderJsonFeed(meta: FeedMeta, entries: FeedEntry[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.siteName,
    home_page_url: `${meta.origin}/`,
    feed_url: `${meta.origin}/feed.json`,
    description: meta.description,
    language: 'en',
    authors: [{ name: meta.siteName }],
    items: entries.map((e) => ({
      id: e.url,
      url: e.url,
      title: e.title,
      summary: e.summary,
      content_html: e.html,
      date_published: e.published.toISOString(),
      date_modified: e.updated.toISOString(),
      tags: e.tags,
      authors: [{ name: meta.siteName }],
      // JSON Feed 1.1 has no related-item field; an extension (a key starting with "_") is how it is extended.
      ...(e.earlier || e.updates.length ? { _story: { earlier: e.earlier, updates: e.updates } } : {}),
    })),
  });
}
