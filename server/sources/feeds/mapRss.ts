import type { RdfFeed, RssFeed } from 'feedsmith';
import { ambiguousFieldToText, htmlFieldToText, plainFieldToText } from './feedText.js';
import { applyXmlBase, resolveUrl } from './feedUrls.js';
import type { FeedItem, MapContext } from './types.js';

type RssItem = RssFeed.Item<string>;
type RdfItem = RdfFeed.Item<string>;
type AnyItem = Partial<RssItem> & Partial<RdfItem>;

function uniq(values: Array<string | undefined>): string[] {
  return [...new Set(values.map((v) => v?.trim()).filter((v): v is string => !!v))];
}

function looksLikeUrl(s: string): boolean {
  return /^(?:https?:)?\/\//i.test(s.trim());
}

/** RSS 0.9x/2.0 and RSS 1.0 (RDF) items share almost every field. */
export function mapRssItem(item: AnyItem, base: string | undefined, ctx: MapContext): FeedItem {
  const itemBase = applyXmlBase(item.xml?.base, base, ctx.problems);
  const guid = item.guid?.value?.trim() || item.rdf?.about?.trim() || undefined;
  // RSS 2.0: a guid is a permalink unless it says otherwise.
  const permalink =
    item.guid && item.guid.isPermaLink !== false && looksLikeUrl(item.guid.value ?? '') ? item.guid.value : undefined;
  const linkRef =
    item.link?.trim() ||
    permalink ||
    item.atom?.links?.find((l) => !l.rel || l.rel === 'alternate')?.href ||
    (item.rdf?.about && looksLikeUrl(item.rdf.about) ? item.rdf.about : undefined);
  const url = resolveUrl(linkRef, itemBase);
  if (linkRef && !url) ctx.problems.push(`Dropped unusable item link "${linkRef.slice(0, 100)}".`);

  const title = ambiguousFieldToText(item.title ?? item.dc?.titles?.[0]);
  const summaryText = htmlFieldToText(item.description ?? item.dc?.descriptions?.[0]);
  const content = htmlFieldToText(item.content?.encoded);
  const authors = uniq([
    ...(item.authors ?? []).map((a) => a.name ?? a.email),
    ...(item.dc?.creators ?? []),
    ...(item.atom?.authors ?? []).map((a) => a.name),
  ]).map(plainFieldToText);
  const dcDates = item.dc?.dates ?? [];
  const publishedAt =
    ctx.date(item.pubDate, 'pubDate') ??
    ctx.date(dcDates[0], 'dc:date') ??
    ctx.date(item.atom?.published, 'atom:published');
  const updatedAt =
    ctx.date(item.atom?.updated, 'atom:updated') ?? ctx.date(item.dcterms?.modified?.[0], 'dcterms:modified');

  return {
    guid,
    url,
    title,
    author: authors.length ? authors.join(', ') : undefined,
    publishedAt,
    updatedAt,
    summaryText,
    contentText: content || summaryText,
    categories: uniq([...(item.categories ?? []).map((c) => c.name), ...(item.dc?.subjects ?? [])]).map(
      plainFieldToText,
    ),
    raw: item,
  };
}
