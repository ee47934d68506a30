import type { Db } from '../../db/connect.js';
import { NotFoundError } from '../../errors/AppError.js';

/**
 * The revisions from the first AI draft (the lowest-numbered revision a generation wrote, as
 * Insights defines it; revision 1 when no generation wrote one) up to the current one, oldest
 * first, with their content and who or what wrote each: what track changes attributes edits to.
 */
export async function revisionChain(db: Db, briefingId: string) {
  const briefing = await db.briefing.findUnique({
    where: { id: briefingId },
    select: { currentRevision: { select: { number: true } } },
  });
  if (!briefing) throw new NotFoundError('No such briefing.');
  const current = briefing.currentRevision?.number;
  if (current === undefined) return { revisions: [], authors: new Map<string, string>() };
  const firstAi = await db.revision.findFirst({
    where: { briefingId, generationId: { not: null }, number: { lte: current } },
    orderBy: { number: 'asc' },
    select: { number: true },
  });
  const revisions = await db.revision.findMany({
    where: { briefingId, number: { gte: firstAi?.number ?? 1, lte: current } },
    orderBy: { number: 'asc' },
    select: {
      id: true,
      number: true,
      content: true,
      authorId: true,
      generationId: true,
      generation: { select: { kind: true, model: true, offline: true } },
    },
  });
  const authorIds = [...new Set(revisions.map((r) => r.authorId).filter((x): x is string => Boolean(x)))];
  const authors = authorIds.length
    ? await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, displayName: true } })
    : [];
  return { revisions, authors: new Map(authors.map((a) => [a.id, a.displayName])) };
}
