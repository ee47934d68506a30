import type { AtomFeed } from 'feedsmith';
import { atomValueToText, plainFieldToText } from './feedText.js';
import { applyXmlBase, resolveUrl } from './feedUrls.js';
import type { FeedItem, MapContext } from './types.js';

type Entry = AtomFeed.Entry<string>;
type Link = AtomFeed.Link<string>;

/** The article link: rel="alternate" (the default rel), preferring an HTML type. */
export function alternateLink(links: Link[] | undefined): string | undefined {
  const alternates = (links ?? []).filter((l) => !l.rel || l.rel === 'alternate');
  const html = alternates.find((l) => !l.type || /html/i.test(l.type));
  return (html ?? alternates[0])?.href;
}

export function mapAtomEntry(entry: Entry, base: string | undefined, ctx: MapContext): FeedItem {
  const entryBase = applyXmlBase(entry.xml?.base, base, ctx.problems);
  const linkRef = alternateLink(entry.links);
  const url = resolveUrl(linkRef, entryBase);
  if (linkRef && !url) ctx.problems.push(`Dropped unusable entry link "${linkRef.slice(0, 100)}".`);

  // Text constructs may carry their own xml:base; it only matters for links inside
  // markup, which plain-text output drops, but a bad one is still worth reporting.
  applyXmlBase(entry.title?.xml?.base, entryBase, ctx.problems);
  applyXmlBase(entry.content?.xml?.base, entryBase, ctx.problems);

  const summaryText = atomValueToText(entry.summary?.value, entry.summary?.type);
  const contentText = entry.content?.src ? '' : atomValueToText(entry.content?.value, entry.content?.type);
  const authors = (entry.authors ?? []).map((a) => plainFieldToText(a.name ?? a.email)).filter(Boolean);
  const dcCreators = (entry.dc?.creators ?? []).map(plainFieldToText).filter(Boolean);

  return {
    guid: entry.id?.trim() || undefined,
    url,
    title: atomValueToText(entry.title?.value, entry.title?.type),
    author: [...new Set([...authors, ...dcCreators])].join(', ') || undefined,
    publishedAt: ctx.date(entry.published, 'published') ?? ctx.date(entry.dc?.dates?.[0], 'dc:date'),
    updatedAt: ctx.date(entry.updated, 'updated'),
    summaryText,
    contentText: contentText || summaryText,
    categories: [...new Set((entry.categories ?? []).map((c) => plainFieldToText(c.term || c.label)).filter(Boolean))],
    raw: entry,
  };
}
