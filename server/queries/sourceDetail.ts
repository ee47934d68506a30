import type { Db } from '../db/connect.js';
import { NotFoundError } from '../errors/AppError.js';

const SELECT = {
  id: true,
  canonicalUrl: true,
  url: true,
  publisher: true,
  title: true,
  author: true,
  publishedAt: true,
  fetchedAt: true,
  createdAt: true,
  updatedAt: true,
  language: true,
  text: true,
  wordCount: true,
  contentHash: true,
  keywords: true,
  origin: true,
  notBefore: true,
  feed: { select: { id: true, title: true, url: true } },
  duplicateOf: { select: { id: true, title: true, publisher: true } },
  duplicates: {
    select: { id: true, title: true, publisher: true, url: true },
    orderBy: { createdAt: 'asc' },
    take: 100,
  },
} as const;

export type SourceDetailRow = NonNullable<Awaited<ReturnType<typeof loadSource>>> & {
  archives: {
    id: string;
    origin: string;
    fetchedAt: Date;
    contentType: string;
    httpStatus: number | null;
    bytes: number;
  }[];
};

function loadSource(db: Db, id: string) {
  return db.source.findUnique({ where: { id }, select: SELECT });
}

/** One source with its duplicates and provenance list (archive bodies are fetched one at a time). */
export async function sourceDetail(db: Db, id: string): Promise<SourceDetailRow> {
  const row = await loadSource(db, id);
  if (!row) throw new NotFoundError('Source not found.');
  const archives = await db.$queryRaw<
    { id: string; origin: string; fetchedAt: Date; contentType: string; httpStatus: number | null; bytes: number }[]
  >`
    SELECT id, origin::text AS origin, "fetchedAt", "contentType", "httpStatus", octet_length(body)::int AS bytes
    FROM "SourceArchive" WHERE "sourceId" = ${id}::uuid ORDER BY "fetchedAt" DESC, "createdAt" DESC LIMIT 100`;
  return { ...row, archives };
}

export async function sourceArchive(db: Db, sourceId: string, archiveId: string) {
  const a = await db.sourceArchive.findFirst({
    where: { id: archiveId, sourceId },
    select: {
      id: true,
      sourceId: true,
      origin: true,
      fetchedAt: true,
      contentType: true,
      httpStatus: true,
      meta: true,
      body: true,
    },
  });
  if (!a) throw new NotFoundError('Archived copy not found.');
  return a;
}
