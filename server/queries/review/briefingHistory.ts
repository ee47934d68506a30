import type { Db } from '../../db/connect.js';
import { NotFoundError } from '../../errors/AppError.js';

/** Every revision, newest first, with who or what wrote it. Content is left out: history lists, diff compares. */
export async function briefingHistory(db: Db, briefingId: string) {
  const briefing = await db.briefing.findUnique({
    where: { id: briefingId },
    select: { id: true, title: true, state: true, currentRevisionId: true },
  });
  if (!briefing) throw new NotFoundError('No such briefing.');
  const revisions = await db.revision.findMany({
    where: { briefingId },
    orderBy: { number: 'desc' },
    select: {
      id: true,
      number: true,
      contentHash: true,
      authorId: true,
      generationId: true,
      baseRevisionId: true,
      restoredFromId: true,
      note: true,
      createdAt: true,
      generation: { select: { kind: true, model: true, offline: true, section: true } },
      signOffs: { select: { id: true, reviewerName: true, voidedAt: true } },
    },
  });
  const authorIds = [...new Set(revisions.map((r) => r.authorId).filter((x): x is string => Boolean(x)))];
  const authors = authorIds.length
    ? await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, displayName: true } })
    : [];
  return { briefing, revisions, authors: new Map(authors.map((a) => [a.id, a.displayName])) };
}
