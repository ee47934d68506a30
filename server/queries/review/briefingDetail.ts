import type { Db } from '../../db/connect.js';
import { NotFoundError } from '../../errors/AppError.js';
import type { Actor } from '../../policies/actor.js';
import { GENERATION_SELECT } from '../generationSelect.js';
import { revisionVerification } from './revisionVerification.js';

/** Everything the draft page shows, in a handful of indexed queries run side by side. */
export async function briefingDetail(db: Db, actor: Actor, briefingId: string) {
  const briefing = await db.briefing.findUnique({
    where: { id: briefingId },
    select: {
      id: true,
      title: true,
      state: true,
      slug: true,
      assigneeId: true,
      createdById: true,
      createdAt: true,
      updatedAt: true,
      lockVersion: true,
      leadSourceId: true,
      currentRevision: {
        select: {
          id: true,
          number: true,
          content: true,
          contentHash: true,
          grounding: true,
          authorId: true,
          generationId: true,
          createdAt: true,
          note: true,
        },
      },
    },
  });
  if (!briefing) throw new NotFoundError('No such briefing.');
  const [sources, generations, comments, acks, signOffs, autosave, revisionCount, firstRevision, verification] =
    await Promise.all([
      db.briefingSource.findMany({
        where: { briefingId },
        orderBy: { rank: 'asc' },
        select: {
          role: true,
          rank: true,
          source: { select: { id: true, title: true, publisher: true, url: true, publishedAt: true, text: true } },
        },
      }),
      db.generation.findMany({
        where: { briefingId },
        orderBy: { createdAt: 'desc' },
        take: 5,
        select: GENERATION_SELECT,
      }),
      db.comment.findMany({
        where: { briefingId },
        orderBy: { createdAt: 'asc' },
        take: 500,
        select: {
          id: true,
          parentId: true,
          section: true,
          authorId: true,
          body: true,
          createdAt: true,
          resolvedAt: true,
          resolvedById: true,
        },
      }),
      db.groundingAck.findMany({
        where: { briefingId },
        select: { flagId: true, resolution: true, note: true, userId: true, createdAt: true },
      }),
      db.signOff.findMany({
        where: { briefingId },
        orderBy: { createdAt: 'desc' },
        take: 5,
        select: {
          id: true,
          revisionId: true,
          contentHash: true,
          reviewerName: true,
          statement: true,
          createdAt: true,
          voidedAt: true,
          voidReason: true,
          revision: { select: { number: true } },
        },
      }),
      db.autosave.findUnique({
        where: { briefingId_userId: { briefingId, userId: actor.userId } },
        select: { baseRevisionId: true, content: true, updatedAt: true },
      }),
      db.revision.count({ where: { briefingId } }),
      db.revision.findFirst({ where: { briefingId }, orderBy: { number: 'asc' }, select: { id: true, number: true } }),
      revisionVerification(db, briefing.currentRevision?.id),
    ]);
  const personIds = new Set<string>();
  for (const id of [
    briefing.assigneeId,
    briefing.createdById,
    briefing.currentRevision?.authorId,
    ...comments.map((c) => c.authorId),
  ])
    if (id) personIds.add(id);
  const [people, reviewers] = await Promise.all([
    db.user.findMany({ where: { id: { in: [...personIds] } }, select: { id: true, displayName: true } }),
    // Raw because the PGlite driver adapter rejects enum-array filters (has / hasSome) on a file-backed database.
    db.$queryRaw<
      { id: string; displayName: string }[]
    >`SELECT id, "displayName" FROM "User" WHERE active AND ('reviewer' = ANY(roles::text[]) OR 'admin' = ANY(roles::text[])) ORDER BY "displayName" LIMIT 200`,
  ]);
  return {
    briefing,
    sources,
    generations,
    comments,
    acks,
    signOffs,
    autosave,
    revisionCount,
    firstRevision,
    verification,
    reviewers,
    people: new Map(people.map((p) => [p.id, p.displayName])),
  };
}

export type BriefingDetail = Awaited<ReturnType<typeof briefingDetail>>;
