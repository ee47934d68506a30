import type { Db } from '../../db/connect.js';
import { NotFoundError } from '../../errors/AppError.js';
import { SCHEDULE_SELECT } from '../../publishing/schedules.js';
import { currentValidSignOff } from '../../review/signOffs.js';
import { LIVE } from '../../publishing/live.js';

/**
 * What the schedule panel and GET /api/briefings/:id/schedule show: the latest schedule (pending,
 * or how the last one ended), whether the briefing could be scheduled now, and the embargoes of
 * its sources that are still ahead.
 */
export async function briefingSchedule(db: Db, briefingId: string, now: Date) {
  const briefing = await db.briefing.findUnique({
    where: { id: briefingId },
    select: { id: true, state: true, title: true },
  });
  if (!briefing) throw new NotFoundError('No such briefing.');
  const [latest, signOff, live, embargoes] = await Promise.all([
    db.publishSchedule.findFirst({
      where: { briefingId },
      orderBy: { createdAt: 'desc' },
      select: SCHEDULE_SELECT,
    }),
    currentValidSignOff(db, briefingId),
    db.publication.findFirst({ where: { briefingId, ...LIVE }, select: { id: true } }),
    db.source.findMany({
      where: {
        notBefore: { gt: now },
        OR: [{ leadOf: { some: { id: briefingId } } }, { briefings: { some: { briefingId } } }],
      },
      select: { id: true, title: true, publisher: true, notBefore: true },
      orderBy: { notBefore: 'desc' },
    }),
  ]);
  const revision = latest
    ? await db.revision.findUnique({ where: { id: latest.revisionId }, select: { number: true } })
    : null;
  return {
    briefing,
    latest: latest ? { ...latest, revisionNumber: revision?.number ?? null } : null,
    signedOff: Boolean(signOff),
    live: Boolean(live),
    embargoes,
  };
}

export type BriefingSchedule = Awaited<ReturnType<typeof briefingSchedule>>;
