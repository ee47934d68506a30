import type { Prisma } from '../generated/prisma/client.js';
import { normaliseKeyword } from './slug.js';
import { LIVE } from './live.js';

type Tx = Prisma.TransactionClient;

export interface RelatedArticle {
  title: string;
  url: string;
  date: string;
}

/** Other live briefings ranked by how many keywords they share, newest first on ties. */
export async function relatedArticles(
  tx: Tx,
  briefingId: string,
  keywords: string[],
  limit = 5,
): Promise<RelatedArticle[]> {
  if (keywords.length === 0) return [];
  const rows = await tx.publication.findMany({
    where: { ...LIVE, briefingId: { not: briefingId }, keywords: { hasSome: keywords } },
    select: { slug: true, title: true, keywords: true, publishedAt: true, firstPublishedAt: true },
    orderBy: { publishedAt: 'desc' },
    take: 500,
  });
  const wanted = new Set(keywords);
  return rows
    .map((r) => ({ r, overlap: r.keywords.filter((k) => wanted.has(k)).length }))
    .sort((a, b) => b.overlap - a.overlap || b.r.publishedAt.getTime() - a.r.publishedAt.getTime())
    .slice(0, limit)
    .map(({ r }) => ({ title: r.title, url: `/news/${r.slug}`, date: r.firstPublishedAt.toISOString().slice(0, 10) }));
}

export interface RelatedItem {
  name: string;
  description: string;
  link: string | null;
}

/** The catalogue items the revision chose, then any whose keywords the briefing shares. */
export async function relatedCatalogue(
  tx: Tx,
  chosen: { industries: string[]; products: string[] },
  keywords: string[],
) {
  const items = await tx.catalogueItem.findMany({
    where: { active: true },
    select: { kind: true, name: true, description: true, link: true, keywords: true },
    orderBy: [{ position: 'asc' }, { name: 'asc' }],
  });
  const kw = new Set(keywords);
  const pick = (kind: 'industry' | 'product', names: string[]): RelatedItem[] => {
    const named = new Set(names.map(normaliseKeyword));
    return items
      .filter((i) => i.kind === kind)
      .filter(
        (i) =>
          named.has(normaliseKeyword(i.name)) ||
          kw.has(normaliseKeyword(i.name)) ||
          i.keywords.some((k) => kw.has(normaliseKeyword(k))),
      )
      .map((i) => ({ name: i.name, description: i.description, link: i.link }));
  };
  return { industries: pick('industry', chosen.industries), products: pick('product', chosen.products) };
}
