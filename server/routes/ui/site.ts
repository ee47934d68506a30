import { z } from 'zod';
import type { Request, Response } from 'express';
import { route, type AnyRoute, type RouteContext } from '../../http/route.js';
import { anyone } from '../../policies/routePolicy.js';
import type { AppDeps } from '../../deps.js';
import { siteOrigin } from '../../publishing/publishDeps.js';
import { currentSiteVersion } from '../../publishing/site/siteVersion.js';
import { articleCacheFor, siteCacheFor } from '../../publishing/site/siteCache.js';
import { requestOrigin, sendPublic, sendSiteError } from '../../publishing/site/sendPublic.js';
import { briefingForSlug, versionOf } from '../../publishing/site/queries.js';
import { currentArticle } from '../../publishing/site/storyLinks.js';
import {
  errorPage,
  feedBody,
  FEED_TYPES,
  homePage,
  robotsBody,
  searchPage,
  sitemapBody,
  tagPage,
  withVersionNotice,
  type FeedKind,
  type SiteContext,
} from '../../publishing/site/publicSite.js';
import { PUBLIC_SITE } from '../../http/route.js';
import { KEY_CONTENT_TYPE, liveVersion, RECORD_CONTENT_TYPE, recordBody } from '../../publishing/record/recordBody.js';
import { PublicBody } from '../../publishing/site/publicBody.js';
import { etagOf } from '../../publishing/writePublication.js';

// Public pages tolerate unknown query parameters: links arrive with tracking tags.
const anyQuery = z.object({}).passthrough();
const HTML = 'text/html; charset=utf-8';

function siteCtx(deps: AppDeps, req: Request): SiteContext {
  return {
    db: deps.db.prisma,
    views: deps.views,
    config: deps.config,
    origin: siteOrigin(deps.config, requestOrigin(req)),
  };
}

function pageNumber(raw: string | undefined): number | null {
  if (raw === undefined) return 1;
  if (!/^[1-9]\d{0,5}$/.test(raw)) return null;
  return Number(raw);
}

/** Lists and feeds are generated once per site version (and origin) and then served from memory. */
async function serveGenerated(
  deps: AppDeps,
  req: Request,
  res: Response,
  key: string,
  contentType: string,
  build: (ctx: SiteContext) => string | null | Promise<string | null>,
): Promise<void> {
  const ctx = siteCtx(deps, req);
  const v = await currentSiteVersion(deps.db.prisma);
  const hit = await siteCacheFor(deps.db.prisma).get(v.key, `${ctx.origin}|${key}`, v.lastModified, contentType, () =>
    build(ctx),
  );
  if (!hit) return sendSiteError(res, 404, errorPage(ctx, 404));
  return sendPublic(req, res, hit);
}

export function serveHome(deps: AppDeps, req: Request, res: Response, rawPage?: string): Promise<void> {
  const page = pageNumber(rawPage);
  if (page === null) return Promise.resolve(sendSiteError(res, 404, errorPage(siteCtx(deps, req), 404)));
  return serveGenerated(deps, req, res, `home:${page}`, HTML, (ctx) => homePage(ctx, page));
}

async function serveArticle({
  deps,
  req,
  res,
  params,
}: RouteContext<unknown, unknown, { slug: string }>): Promise<void> {
  const db = deps.db.prisma;
  const v = await currentSiteVersion(db);
  const pub = await articleCacheFor(db).get(v.key, params.slug, () => currentArticle(db, params.slug));
  if (pub && !pub.unpublished) return sendPublic(req, res, pub.page);
  if (pub) return sendSiteError(res, 410, errorPage(siteCtx(deps, req), 410));
  const b = await briefingForSlug(db, params.slug);
  if (b?.redirected) return res.redirect(301, `/news/${b.currentSlug}`);
  sendSiteError(res, 404, errorPage(siteCtx(deps, req), 404));
}

async function serveVersion({
  deps,
  req,
  res,
  params,
}: RouteContext<unknown, unknown, { slug: string; n: string }>): Promise<void> {
  const db = deps.db.prisma;
  const n = pageNumber(params.n);
  const b = n === null ? null : await briefingForSlug(db, params.slug);
  if (!b || n === null) return sendSiteError(res, 404, errorPage(siteCtx(deps, req), 404));
  if (b.redirected) return res.redirect(301, `/news/${b.currentSlug}/v/${n}`);
  const pub = await versionOf(db, b.briefingId, n);
  if (!pub) return sendSiteError(res, 404, errorPage(siteCtx(deps, req), 404));
  if (pub.unpublishedAt) return sendSiteError(res, 410, errorPage(siteCtx(deps, req), 410));
  // Old versions are rare reads but immutable: cached like generated pages, so each is compressed once.
  const v = await currentSiteVersion(db);
  const page = await siteCacheFor(db).get(v.key, `version:${b.briefingId}:${n}`, pub.publishedAt, HTML, () =>
    pub.supersededAt
      ? withVersionNotice(pub.html, {
          version: pub.version,
          publishedAt: pub.publishedAt,
          currentPath: `/news/${b.currentSlug}`,
        })
      : pub.html,
  );
  return sendPublic(req, res, page!);
}

/** record.json of one version (n given) or of the live version; old slugs redirect like pages. */
async function serveRecord(deps: AppDeps, req: Request, res: Response, slug: string, rawN?: string): Promise<void> {
  const db = deps.db.prisma;
  const n = rawN === undefined ? undefined : pageNumber(rawN);
  const b = n === null ? null : await briefingForSlug(db, slug);
  if (!b) return sendSiteError(res, 404, errorPage(siteCtx(deps, req), 404));
  const suffix = n === undefined ? '/record.json' : `/v/${n}/record.json`;
  if (b.redirected) return res.redirect(301, `/news/${b.currentSlug}${suffix}`);
  const version = n ?? (await liveVersion(db, b.briefingId))?.version;
  if (version === undefined) return sendSiteError(res, 404, errorPage(siteCtx(deps, req), 404));
  const v = await currentSiteVersion(db);
  const body = await siteCacheFor(db).get(
    v.key,
    `record:${b.briefingId}:${version}`,
    v.lastModified,
    RECORD_CONTENT_TYPE,
    () => recordBody(db, deps.editorialKey, b.briefingId, version),
  );
  if (!body) return sendSiteError(res, 404, errorPage(siteCtx(deps, req), 404));
  // Public evidence: a verifier running in someone else's page may read it.
  res.setHeader('Access-Control-Allow-Origin', '*');
  return sendPublic(req, res, body);
}

let keyBody: { pem: string; body: PublicBody } | undefined;

function serveEditorialKey(deps: AppDeps, req: Request, res: Response): Promise<void> {
  const pem = deps.editorialKey.publicKeyPem;
  if (keyBody?.pem !== pem) keyBody = { pem, body: new PublicBody(pem, etagOf(pem), new Date(0), KEY_CONTENT_TYPE) };
  res.setHeader('X-Editorial-Key-Id', deps.editorialKey.keyId);
  res.setHeader('Access-Control-Allow-Origin', '*');
  return sendPublic(req, res, keyBody.body);
}

const slugParam = z.strictObject({ slug: z.string().max(300) });

function feedRoute(kind: FeedKind): AnyRoute {
  const { path, contentType } = FEED_TYPES[kind];
  return route({
    method: 'get',
    path,
    kind: 'page',
    policy: anyone,
    summary: `Public ${kind.toUpperCase()} feed of the latest briefings`,
    query: anyQuery,
    handler: ({ deps, req, res }) => serveGenerated(deps, req, res, kind, contentType, (ctx) => feedBody(ctx, kind)),
  });
}

/** The public site. Articles live under /news/:slug because /briefings/:id is the staff draft page. */
const siteRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/page/:n',
    kind: 'page',
    policy: anyone,
    summary: 'Public home, later pages',
    query: anyQuery,
    params: z.strictObject({ n: z.string() }),
    handler: ({ deps, req, res, params }) => serveHome(deps, req, res, params.n),
  }),
  route({
    method: 'get',
    path: '/news/:slug',
    kind: 'page',
    policy: anyone,
    summary: 'A published briefing (current version)',
    query: anyQuery,
    params: slugParam,
    handler: serveArticle,
  }),
  route({
    method: 'get',
    path: '/news/:slug/v/:n',
    kind: 'page',
    policy: anyone,
    summary: 'One published version of a briefing',
    query: anyQuery,
    params: z.strictObject({ slug: z.string().max(300), n: z.string() }),
    handler: serveVersion,
  }),
  route({
    method: 'get',
    path: '/news/:slug/record.json',
    kind: 'page',
    policy: anyone,
    summary: 'Signed editorial record of the live version (who signed off what, from which sources)',
    query: anyQuery,
    params: slugParam,
    handler: ({ deps, req, res, params }) => serveRecord(deps, req, res, params.slug),
  }),
  route({
    method: 'get',
    path: '/news/:slug/v/:n/record.json',
    kind: 'page',
    policy: anyone,
    summary: 'Signed editorial record of one published version',
    query: anyQuery,
    params: z.strictObject({ slug: z.string().max(300), n: z.string() }),
    handler: ({ deps, req, res, params }) => serveRecord(deps, req, res, params.slug, params.n),
  }),
  route({
    method: 'get',
    path: '/.well-known/editorial-key',
    kind: 'page',
    policy: anyone,
    summary: 'Public Ed25519 key (PEM) that verifies editorial records',
    query: anyQuery,
    handler: ({ deps, req, res }) => serveEditorialKey(deps, req, res),
  }),
  route({
    method: 'get',
    path: '/tags/:tag',
    kind: 'page',
    policy: anyone,
    summary: 'Briefings about one keyword',
    query: anyQuery,
    params: z.strictObject({ tag: z.string().max(200) }),
    handler: ({ deps, req, res, params }) =>
      serveGenerated(deps, req, res, `tag:${params.tag}:1`, HTML, (ctx) => tagPage(ctx, params.tag, 1)),
  }),
  route({
    method: 'get',
    path: '/tags/:tag/page/:n',
    kind: 'page',
    policy: anyone,
    summary: 'Briefings about one keyword, later pages',
    query: anyQuery,
    params: z.strictObject({ tag: z.string().max(200), n: z.string() }),
    handler: ({ deps, req, res, params }) => {
      const page = pageNumber(params.n);
      if (page === null) return sendSiteError(res, 404, errorPage(siteCtx(deps, req), 404));
      return serveGenerated(deps, req, res, `tag:${params.tag}:${page}`, HTML, (ctx) => tagPage(ctx, params.tag, page));
    },
  }),
  route({
    method: 'get',
    path: '/search',
    kind: 'page',
    policy: anyone,
    summary: 'Search published briefings',
    query: z.object({ q: z.string().max(200, 'must be at most 200 characters').optional() }).passthrough(),
    handler: ({ deps, req, res, query }) => {
      const q = (query.q ?? '').trim();
      return serveGenerated(deps, req, res, `search:${q}`, HTML, (ctx) => searchPage(ctx, q));
    },
  }),
  feedRoute('rss'),
  feedRoute('atom'),
  feedRoute('json'),
  route({
    method: 'get',
    path: '/sitemap.xml',
    kind: 'page',
    policy: anyone,
    summary: 'Sitemap of published briefings',
    query: anyQuery,
    handler: ({ deps, req, res }) =>
      serveGenerated(deps, req, res, 'sitemap', 'application/xml; charset=utf-8', (ctx) => sitemapBody(ctx)),
  }),
  route({
    method: 'get',
    path: '/robots.txt',
    kind: 'page',
    policy: anyone,
    summary: 'Crawler rules',
    query: anyQuery,
    handler: ({ deps, req, res }) => serveGenerated(deps, req, res, 'robots', 'text/plain; charset=utf-8', robotsBody),
  }),
];

/** Tagged so app.ts mounts them ahead of the staff stack (see publicRequest.ts). */
export const sitePageRoutes: AnyRoute[] = siteRoutes.map((r) => ({ ...r, tags: [...(r.tags ?? []), PUBLIC_SITE] }));
