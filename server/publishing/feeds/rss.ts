import { xml } from './xml.js';
import { relatedLinks, type FeedEntry } from './feedContent.js';

export interface FeedMeta {
  siteName: string;
  origin: string;
  description: string;
  updated: Date;
}

/** RSS 2.0 with the content module for full HTML, an atom:link to itself and atom:link rel="related" per item (RSS has no element of its own for it). */
export function renderRss(meta: FeedMeta, entries: FeedEntry[]): string {
  const items = entries.map(
    (e) => `    <item>
      <title>${xml(e.title)}</title>
      <link>${xml(e.url)}</link>
      <guid isPermaLink="true">${xml(e.url)}</guid>
${relatedLinks(e, 'atom:', '      ')}      <pubDate>${e.published.toUTCString()}</pubDate>
      <description>${xml(e.summary)}</description>
      <content:encoded>${xml(e.html)}</content:encoded>
      <dc:creator>${xml(meta.siteName)}</dc:creator>
${e.tags.map((t) => `      <category>${xml(t)}</category>`).join('\n')}
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${xml(meta.siteName)}</title>
    <link>${xml(meta.origin)}/</link>
    <description>${xml(meta.description)}</description>
    <language>en</language>
    <lastBuildDate>${meta.updated.toUTCString()}</lastBuildDate>
    <atom:link href="${xml(meta.origin)}/feed.xml" rel="self" type="application/rss+xml"/>
    <generator>Briefing Desk</generator>
${items.join('\n')}
  </channel>
</rss>
`;
}
