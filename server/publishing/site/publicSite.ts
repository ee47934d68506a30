import type { Db } from '../../db/connect.js';
import type { SiteSettings } from '../publishDeps.js';
import type { Views } from '../../views/views.js';
import { renderSitePage } from '../render/siteLayout.js';
import { displayDate } from '../render/dates.js';
import { feedEntry } from '../feeds/feedContent.js';
import { renderRss } from '../feeds/rss.js';
import { renderAtom } from '../feeds/atom.js';
import { renderJsonFeed } from '../feeds/jsonFeed.js';
import { renderRobots, renderSitemap, sitemapBase } from '../feeds/sitemap.js';
import { feedRows, livePage, searchLive, sitemapUrlLines } from './queries.js';
import { pager, presentListItem } from './listing.js';
import { storyLinksFor } from './storyLinks.js';
import { keywordsForTag, tagSlug } from '../slug.js';

/** Everything that renders a public page; the HTTP routes and the static export share it. */
export interface SiteContext {
  db: Db;
  views: Views;
  config: SiteSettings;
  origin: string;
}

const DESCRIPTION =
  'Technical briefings on the news that matters to project teams, each reviewed and signed off by a named expert.';

function head(
  ctx: SiteContext,
  title: string,
  path: string | null,
  extra: { description?: string; noindex?: boolean } = {},
) {
  return {
    siteName: ctx.config.site.name,
    origin: ctx.origin,
    title,
    description: extra.description,
    canonicalUrl: path === null ? undefined : ctx.origin + path,
    noindex: extra.noindex,
  };
}

export async function homePage(ctx: SiteContext, page: number): Promise<string | null> {
  const { rows, pages } = await livePage(ctx.db, page);
  if (page > pages) return null;
  const path = page === 1 ? '/' : `/page/${page}`;
  return renderSitePage(
    ctx.views,
    'site/home',
    {
      heading: page === 1 ? 'Latest briefings' : `Latest briefings, page ${page}`,
      items: rows.map(presentListItem),
      pager: pager('', page, pages),
      empty: 'Nothing has been published yet.',
    },
    head(ctx, page === 1 ? 'Latest briefings' : `Latest briefings (page ${page})`, path, { description: DESCRIPTION }),
  );
}

export async function tagPage(ctx: SiteContext, tag: string, page: number): Promise<string | null> {
  const { rows, pages, total } = await livePage(ctx.db, page, tag);
  if (total === 0 || page > pages) return null;
  const name = keywordsForTag(tag).find((k) => rows.some((r) => r.keywords.includes(k))) ?? tag;
  const base = `/tags/${tagSlug(name)}`;
  return renderSitePage(
    ctx.views,
    'site/home',
    {
      heading: `Topic: ${name}`,
      intro: `${total} briefing${total === 1 ? '' : 's'} about ${name}.`,
      items: rows.map(presentListItem),
      pager: pager(base, page, pages),
      empty: '',
    },
    head(ctx, `${name}: briefings`, page === 1 ? base : `${base}/page/${page}`, {
      description: `Briefings about ${name}.`,
    }),
  );
}

export async function searchPage(ctx: SiteContext, q: string): Promise<string> {
  const query = q.trim();
  const rows = query ? await searchLive(ctx.db, query) : [];
  return renderSitePage(
    ctx.views,
    'site/home',
    {
      heading: query ? `Search: ${query}` : 'Search',
      search: { q: query },
      items: rows.map(presentListItem),
      empty: query
        ? `No published briefing matches “${query}”.`
        : 'Type a word or phrase: “rare earth”, licences, -coal, magnet*.',
    },
    head(ctx, query ? `Search: ${query}` : 'Search', null, { noindex: true }),
  );
}

export function errorPage(ctx: SiteContext, status: 404 | 410): string {
  const model =
    status === 410
      ? {
          status,
          heading: 'This briefing has been withdrawn',
          message: 'The editors took this briefing off the site. It is no longer available.',
        }
      : {
          status,
          heading: 'Page not found',
          message: 'There is no briefing at this address. It may have moved, or the link may be mistyped.',
        };
  return renderSitePage(ctx.views, 'site/error', model, head(ctx, model.heading, null, { noindex: true }));
}

/** An earlier version, served from its stored page with a notice pointing to the current one. */
export function withVersionNotice(
  html: string,
  v: { version: number; publishedAt: Date; currentPath: string },
): string {
  const d = displayDate(v.publishedAt);
  const notice = `<p class="version-notice" role="note" data-unsigned>You are reading version ${v.version}, published <time datetime="${d.iso}">${d.text}</time>. A newer version exists: <a href="${v.currentPath}">read the current briefing</a>.</p>`;
  return html
    .replace('<!--bd:version-notice-->', notice)
    .replace('<head>', '<head>\n  <meta name="robots" content="noindex">');
}

export type FeedKind = 'rss' | 'atom' | 'json';

export async function feedBody(ctx: SiteContext, kind: FeedKind): Promise<string> {
  const rows = await feedRows(ctx.db);
  const story = await storyLinksFor(
    ctx.db,
    rows.map((r) => r.briefingId),
  );
  const entries = rows.map((r) => feedEntry(ctx.origin, r, story.get(r.briefingId)));
  const meta = {
    siteName: ctx.config.site.name,
    origin: ctx.origin,
    description: DESCRIPTION,
    updated: rows[0]?.publishedAt ?? new Date(0),
  };
  return kind === 'rss'
    ? renderRss(meta, entries)
    : kind === 'atom'
      ? renderAtom(meta, entries)
      : renderJsonFeed(meta, entries);
}

export async function sitemapBody(ctx: SiteContext): Promise<string> {
  return renderSitemap(ctx.origin, await sitemapUrlLines(ctx.db, sitemapBase(ctx.origin)));
}

export function robotsBody(ctx: SiteContext): string {
  return renderRobots(ctx.origin);
}

export const FEED_TYPES: Record<FeedKind, { path: string; contentType: string }> = {
  rss: { path: '/feed.xml', contentType: 'application/rss+xml; charset=utf-8' },
  atom: { path: '/atom.xml', contentType: 'application/atom+xml; charset=utf-8' },
  json: { path: '/feed.json', contentType: 'application/feed+json; charset=utf-8' },
};
