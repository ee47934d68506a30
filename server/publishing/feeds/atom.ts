import { xml } from './xml.js';
import { relatedLinks, type FeedEntry } from './feedContent.js';
import type { FeedMeta } from './rss.js';

/** Atom 1.0 (RFC 4287): feed and entries each carry id, title and updated. */
export function renderAtom(meta: FeedMeta, entries: FeedEntry[]): string {
  const body = entries.map(
    (e) => `  <entry>
    <id>${xml(e.url)}</id>
    <title type="text">${xml(e.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(e.url)}"/>
${relatedLinks(e)}    <published>${e.published.toISOString()}</published>
    <updated>${e.updated.toISOString()}</updated>
    <author><name>${xml(meta.siteName)}</name></author>
    <contributor><name>${xml(e.reviewer)}</name></contributor>
    <summary type="text">${xml(e.summary)}</summary>
    <content type="html">${xml(e.html)}</content>
${e.tags.map((t) => `    <category term="${xml(t)}"/>`).join('\n')}
  </entry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>${xml(meta.origin)}/</id>
  <title type="text">${xml(meta.siteName)}</title>
  <subtitle type="text">${xml(meta.description)}</subtitle>
  <updated>${meta.updated.toISOString()}</updated>
  <link rel="alternate" type="text/html" href="${xml(meta.origin)}/"/>
  <link rel="self" type="application/atom+xml" href="${xml(meta.origin)}/atom.xml"/>
  <author><name>${xml(meta.siteName)}</name></author>
  <generator>Briefing Desk</generator>
${body.join('\n')}
</feed>
`;
}
