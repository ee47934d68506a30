/** A publication as staff see it (API and publishing page): never the stored HTML. */
export const PUBLICATION_SELECT = {
  id: true,
  briefingId: true,
  version: true,
  slug: true,
  title: true,
  keywords: true,
  revisionId: true,
  signOffId: true,
  correctionNote: true,
  publishedAt: true,
  firstPublishedAt: true,
  supersededAt: true,
  unpublishedAt: true,
  publishedById: true,
} as const;

interface Row {
  id: string;
  briefingId: string;
  version: number;
  slug: string;
  title: string;
  keywords: string[];
  revisionId: string;
  signOffId: string;
  correctionNote: string | null;
  publishedAt: Date;
  firstPublishedAt: Date;
  supersededAt: Date | null;
  unpublishedAt: Date | null;
  publishedById: string;
}

export function presentPublication(p: Row) {
  const status = p.unpublishedAt ? 'unpublished' : p.supersededAt ? 'superseded' : 'live';
  return {
    id: p.id,
    briefingId: p.briefingId,
    version: p.version,
    slug: p.slug,
    title: p.title,
    keywords: p.keywords,
    status,
    path: status === 'live' ? `/news/${p.slug}` : `/news/${p.slug}/v/${p.version}`,
    revisionId: p.revisionId,
    signOffId: p.signOffId,
    correctionNote: p.correctionNote,
    publishedAt: p.publishedAt.toISOString(),
    firstPublishedAt: p.firstPublishedAt.toISOString(),
    supersededAt: p.supersededAt?.toISOString() ?? null,
    unpublishedAt: p.unpublishedAt?.toISOString() ?? null,
    publishedById: p.publishedById,
  };
}
