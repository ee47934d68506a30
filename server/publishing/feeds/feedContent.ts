import type { ArticleSnapshot } from '../render/articleSnapshot.js';
import type { ListingRow } from '../site/queries.js';
import { xml } from './xml.js';
import { NO_STORY_LINKS, type LinkedStory, type StoryLinks } from '../render/storyLinks.js';

export interface FeedLink {
  url: string;
  title: string;
}

export interface FeedEntry {
  url: string;
  title: string;
  summary: string;
  html: string;
  reviewer: string;
  published: Date;
  updated: Date;
  tags: string[];
  /** The briefing this one updates, and the updates of this one (newest first). */
  earlier: FeedLink | null;
  updates: FeedLink[];
}

/** The whole briefing for feed readers, from the stored (already sanitised) snapshot. */
export function feedEntry(origin: string, row: ListingRow, story: StoryLinks = NO_STORY_LINKS): FeedEntry {
  const s = row.snapshot as unknown as ArticleSnapshot;
  const link = (l: LinkedStory): FeedLink => ({ url: `${origin}/news/${encodeURIComponent(l.slug)}`, title: l.title });
  const earlier = story.earlier ? link(story.earlier) : null;
  const updates = story.updates.map(link);
  const anchor = (l: FeedLink) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.title)}</a>`;
  // In the text as well as in the feed's own link fields: every reader shows content, few show related links.
  const html = [
    ...(updates.length ? [`<p><strong>Update:</strong> this story has moved on: ${anchor(updates[0])}.</p>`] : []),
    ...(earlier ? [`<p><strong>Earlier:</strong> this briefing updates ${anchor(earlier)}.</p>`] : []),
    `<p><em>Reviewed by ${escapeHtml(s.reviewer.name)}. First reported on <a href="${escapeHtml(s.firstReported.url)}">${escapeHtml(s.firstReported.publisher)}</a>.</em></p>`,
    '<h3>30 Second Briefing</h3>',
    s.thirtySecondHtml,
    '<h3>Technical Brief</h3>',
    `<ul>${s.technicalBrief.map((b) => `<li>${b}</li>`).join('')}</ul>`,
    '<h3>Our Take</h3>',
    ...s.ourTake,
    ...(s.corrections.length
      ? [
          `<p><strong>Corrections:</strong> ${s.corrections.map((c) => `${escapeHtml(c.date.text)}: ${escapeHtml(c.note)}`).join(' ')}</p>`,
        ]
      : []),
    `<p><small>${escapeHtml(s.disclosure)}</small></p>`,
  ].join('\n');
  return {
    url: `${origin}/news/${row.slug}`,
    title: row.title,
    summary: s.description,
    html,
    reviewer: s.reviewer.name,
    published: row.firstPublishedAt,
    updated: row.publishedAt,
    tags: row.keywords,
    earlier,
    updates,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** RFC 4287's rel="related" (4.2.7.2): the earlier briefing of the story and its updates. */
export function relatedLinks(e: FeedEntry, prefix = '', indent = '    '): string {
  return [...(e.earlier ? [e.earlier] : []), ...e.updates]
    .map(
      (l) => `${indent}<${prefix}link rel="related" type="text/html" href="${xml(l.url)}" title="${xml(l.title)}"/>\n`,
    )
    .join('');
}
