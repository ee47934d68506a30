import type { Db } from '../../db/connect.js';
import { LIVE } from '../live.js';
import {
  hasStoryLinks,
  MAX_UPDATES_SHOWN,
  NO_STORY_LINKS,
  withStoryLinks,
  type LinkedStory,
  type StoryLinks,
} from '../render/storyLinks.js';
import { etagOf } from '../writePublication.js';
import { currentBySlug } from './queries.js';

const LINKED = {
  publications: {
    where: LIVE,
    select: { slug: true, title: true, firstPublishedAt: true, publishedAt: true },
    take: 1,
  },
} as const;

/**
 * "Earlier" and "Update" links of published briefings, from Briefing.updateOfId and the live
 * publications on both ends: a withdrawn briefing drops out of the thread, and a slug changed by a
 * correction is followed. Everything it reads moves the site version, so results may be cached under it.
 */
export async function storyLinksFor(db: Db, briefingIds: string[]): Promise<Map<string, StoryLinks>> {
  const out = new Map<string, StoryLinks>();
  if (!briefingIds.length) return out;
  const rows = await db.briefing.findMany({
    where: { id: { in: [...new Set(briefingIds)] }, OR: [{ updateOfId: { not: null } }, { updates: { some: {} } }] },
    select: {
      id: true,
      updateOf: { select: LINKED },
      updates: { where: { publications: { some: LIVE } }, select: LINKED },
    },
  });
  for (const r of rows) {
    const updates: LinkedStory[] = r.updates
      .flatMap((u) => u.publications)
      .sort((a, b) => b.firstPublishedAt.getTime() - a.firstPublishedAt.getTime())
      .slice(0, MAX_UPDATES_SHOWN);
    out.set(r.id, { earlier: r.updateOf?.publications[0] ?? null, updates });
  }
  return out;
}

export async function storyLinksOf(db: Db, briefingId: string): Promise<StoryLinks> {
  return (await storyLinksFor(db, [briefingId])).get(briefingId) ?? NO_STORY_LINKS;
}

/**
 * /news/:slug as served: the stored page plus its story links, with validators that move when a
 * link appears (an update published later changes the earlier page's bytes and its Last-Modified).
 */
export async function currentArticle(db: Db, slug: string) {
  const row = await currentBySlug(db, slug);
  if (!row || row.unpublishedAt) return row;
  const links = await storyLinksOf(db, row.briefingId);
  if (!hasStoryLinks(links)) return row;
  const html = withStoryLinks(row.html, links);
  const linked = [...(links.earlier ? [links.earlier] : []), ...links.updates];
  const lastModified = Math.max(row.publishedAt.getTime(), ...linked.map((l) => l.publishedAt.getTime()));
  return { ...row, html, etag: etagOf(html), publishedAt: new Date(lastModified) };
}
