import type { ArticleSnapshot } from '../render/articleSnapshot.js';
import type { ListingRow } from '../site/queries.js';

export interface FeedEntry {
  url: string;
  title: string;
  summary: string;
  html: string;
  reviewer: string;
  published: Date;
  updated: Date;
  tags: string[];
}

/** The whole briefing for feed readers, from the stored (already sanitised) snapshot. */
export function feedEntry(origin: string, row: ListingRow): FeedEntry {
  const s = row.snapshot as unknown as ArticleSnapshot;
  const html = [
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
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
