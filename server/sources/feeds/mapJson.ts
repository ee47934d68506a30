import type { JsonFeed } from 'feedsmith';
import { htmlFieldToText, plainFieldToText } from './feedText.js';
import { resolveUrl } from './feedUrls.js';
import type { FeedItem, MapContext } from './types.js';

type Item = JsonFeed.Item<string> & { author?: JsonFeed.Author };

export function mapJsonItem(item: Item, ctx: MapContext): FeedItem {
  const linkRef = item.url ?? item.external_url;
  const url = resolveUrl(linkRef, ctx.docBase);
  if (linkRef && !url) ctx.problems.push(`Dropped unusable item link "${String(linkRef).slice(0, 100)}".`);
  const summaryText = plainFieldToText(item.summary);
  const contentText = item.content_html ? htmlFieldToText(item.content_html) : plainFieldToText(item.content_text);
  const authors = [...(item.authors ?? []), ...(item.author ? [item.author] : [])]
    .map((a) => plainFieldToText(a.name))
    .filter(Boolean);
  return {
    guid: item.id !== undefined && item.id !== null ? String(item.id) : undefined,
    url,
    title: plainFieldToText(item.title),
    author: authors.length ? [...new Set(authors)].join(', ') : undefined,
    publishedAt: ctx.date(item.date_published, 'date_published'),
    updatedAt: ctx.date(item.date_modified, 'date_modified'),
    summaryText,
    contentText: contentText || summaryText,
    categories: [...new Set((item.tags ?? []).map((t) => plainFieldToText(String(t))).filter(Boolean))],
    raw: item,
  };
}
