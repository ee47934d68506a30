import type { ArticleSnapshot } from '../render/articleSnapshot.js';
import { displayDate } from '../render/dates.js';
import { tagSlug } from '../slug.js';
import type { ListingRow } from './queries.js';

/** A briefing as a line in a list: what the stored snapshot already says. */
export function presentListItem(row: ListingRow) {
  const s = row.snapshot as unknown as Partial<ArticleSnapshot>;
  return {
    url: `/news/${row.slug}`,
    title: row.title,
    reviewer: s.reviewer?.name ?? '',
    description: s.description ?? '',
    date: displayDate(row.firstPublishedAt),
    corrected: row.version > 1 && (s.corrections?.length ?? 0) > 0,
    tags: row.keywords.slice(0, 4).map((k) => ({ name: k, url: `/tags/${tagSlug(k)}` })),
  };
}

export function pager(base: string, page: number, pages: number) {
  if (pages <= 1) return null;
  const href = (n: number) => (n === 1 ? base || '/' : `${base}/page/${n}`);
  return { page, pages, newer: page > 1 ? href(page - 1) : null, older: page < pages ? href(page + 1) : null };
}
