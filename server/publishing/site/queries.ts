import { type Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import { LIVE } from '../live.js';
import { tsQuerySql } from '../../sources/search/tsQuery.js';
import { keywordsForTag } from '../slug.js';

export const PAGE_SIZE = 20;

export const LISTING_SELECT = {
  slug: true,
  title: true,
  keywords: true,
  publishedAt: true,
  firstPublishedAt: true,
  version: true,
  snapshot: true,
} as const;
export type ListingRow = Prisma.PublicationGetPayload<{ select: typeof LISTING_SELECT }>;

export async function livePage(db: Db, page: number, tag?: string) {
  const where = { ...LIVE, ...(tag ? { keywords: { hasSome: keywordsForTag(tag) } } : {}) };
  const [total, rows] = await Promise.all([
    db.publication.count({ where }),
    db.publication.findMany({
      where,
      select: LISTING_SELECT,
      orderBy: [{ firstPublishedAt: 'desc' }, { id: 'asc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ]);
  return { total, rows, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** Full-text search over live briefings (Publication.search is kept by a trigger: title A, body B). */
export async function searchLive(db: Db, q: string, limit = 30): Promise<ListingRow[]> {
  const query = tsQuerySql(q);
  if (!query) return [];
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Publication"
    WHERE "supersededAt" IS NULL AND "unpublishedAt" IS NULL AND "search" @@ (${query})
    ORDER BY ts_rank("search", (${query})) DESC, "publishedAt" DESC
    LIMIT ${limit}`;
  if (ids.length === 0) return [];
  const rows = await db.publication.findMany({
    where: { id: { in: ids.map((r) => r.id) } },
    select: { id: true, ...LISTING_SELECT },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((r) => byId.get(r.id)!).filter(Boolean);
}

export function feedRows(db: Db, limit = 50) {
  return db.publication.findMany({
    where: LIVE,
    select: { briefingId: true, ...LISTING_SELECT },
    orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }],
    take: limit,
  });
}

/**
 * The <url> lines of the sitemap, built by the database in one string: with
 * tens of thousands of briefings, mapping each row into an object costs more
 * than the whole query. Slugs are [a-z0-9-] by construction; escaped anyway.
 */
export async function sitemapUrlLines(db: Db, base: string): Promise<string> {
  const [row] = await db.$queryRaw<{ body: string | null }[]>`
    SELECT string_agg(
      '  <url><loc>' || ${base} || replace(replace(replace("slug", '&', '&amp;'), '<', '&lt;'), '>', '&gt;') || '</loc><lastmod>'
        || to_char("publishedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '</lastmod></url>',
      E'\n' ORDER BY "firstPublishedAt" DESC) AS body
    FROM "Publication" WHERE "supersededAt" IS NULL AND "unpublishedAt" IS NULL`;
  return row?.body ? row.body + '\n' : '';
}

/** The page for /news/:slug: its current version, live or unpublished. */
export function currentBySlug(db: Db, slug: string) {
  return db.publication.findFirst({
    where: { slug, supersededAt: null },
    select: { briefingId: true, html: true, etag: true, publishedAt: true, unpublishedAt: true },
    orderBy: { version: 'desc' },
  });
}

export async function briefingForSlug(
  db: Db,
  slug: string,
): Promise<{ briefingId: string; currentSlug: string; redirected: boolean } | null> {
  const b = await db.briefing.findUnique({ where: { slug }, select: { id: true, slug: true } });
  if (b) return { briefingId: b.id, currentSlug: b.slug!, redirected: false };
  const r = await db.slugRedirect.findUnique({ where: { fromSlug: slug }, select: { briefingId: true } });
  if (!r) return null;
  const target = await db.briefing.findUnique({ where: { id: r.briefingId }, select: { slug: true } });
  return target?.slug ? { briefingId: r.briefingId, currentSlug: target.slug, redirected: true } : null;
}

export function versionOf(db: Db, briefingId: string, version: number) {
  return db.publication.findUnique({
    where: { briefingId_version: { briefingId, version } },
    select: {
      html: true,
      etag: true,
      version: true,
      publishedAt: true,
      supersededAt: true,
      unpublishedAt: true,
      slug: true,
    },
  });
}
