import type { Actor } from '../../policies/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { authorizeTransition } from '../../review/workflow.js';
import { lockBriefing } from '../../publishing/writePublication.js';
import { requireValidSignOff } from '../../publishing/signOffCheck.js';
import { requireEmbargoLifted } from '../../publishing/embargo.js';
import { enqueueEvent } from '../../publishing/outbox.js';
import { LIVE } from '../../publishing/live.js';
import { SCHEDULE_SELECT, pendingSchedule } from '../../publishing/schedules.js';
import type { PublishDeps } from '../../publishing/publishDeps.js';

export interface ScheduleInput {
  briefingId: string;
  /** The instant, in UTC; the route converts the editor's local time. */
  runAt: Date;
  /** The timezone the editor picked the time in, kept to show it back. */
  timezone: string;
  slug?: string;
}

/**
 * Schedules the briefing's signed revision for publication at `runAt`. Refused, with nothing written,
 * when the time is not in the future, the briefing is not approved and signed off, it is already live,
 * or one of its sources is under embargo at that time. A pending schedule is replaced (rescheduling).
 */
export async function schedulePublication(deps: PublishDeps, actor: Actor, input: ScheduleInput) {
  const now = deps.now();
  if (!(input.runAt.getTime() > now.getTime())) {
    throw new ValidationError(`The time ${input.runAt.toISOString()} is in the past; choose a time after now.`, {
      issues: [{ field: 'runAt', message: `must be in the future (now is ${now.toISOString()})` }],
    });
  }
  return deps.db.prisma.$transaction(
    async (tx) => {
      const briefing = await lockBriefing(tx, input.briefingId);
      if (!briefing) throw new NotFoundError('No such briefing.');
      authorizeTransition(actor, 'publish', briefing.state);
      const live = await tx.publication.findFirst({
        where: { briefingId: briefing.id, ...LIVE },
        select: { id: true },
      });
      if (live)
        throw new ConflictError(
          'already_published',
          'This briefing is already published; a correction is published from the publishing page, not scheduled.',
        );
      const { revision, signOff } = await requireValidSignOff(tx, briefing);
      await requireEmbargoLifted(tx, briefing.id, input.runAt, 'runAt');
      const previous = await pendingSchedule(tx, briefing.id);
      if (previous) {
        await tx.publishSchedule.update({
          where: { id: previous.id },
          data: { status: 'voided', reason: 'Replaced by a new schedule.', finishedAt: now },
        });
      }
      const schedule = await tx.publishSchedule.create({
        data: {
          briefingId: briefing.id,
          revisionId: revision.id,
          signOffId: signOff.id,
          runAt: input.runAt,
          timezone: input.timezone,
          slug: input.slug ?? null,
          createdById: actor.userId,
          createdAt: now,
        },
        select: SCHEDULE_SELECT,
      });
      const data = {
        scheduleId: schedule.id,
        runAt: schedule.runAt.toISOString(),
        timezone: schedule.timezone,
        revisionId: revision.id,
        revision: revision.number,
        signOffId: signOff.id,
        ...(previous ? { replaces: previous.id } : {}),
      };
      await recordAudit(tx, {
        actor,
        action: 'briefing.scheduled',
        entityType: 'briefing',
        entityId: briefing.id,
        at: now,
        data,
      });
      await enqueueEvent(tx, {
        type: 'scheduled',
        briefingId: briefing.id,
        now,
        payload: { briefingId: briefing.id, title: briefing.title, reviewer: signOff.reviewerName, ...data },
      });
      return { ...schedule, revisionNumber: revision.number };
    },
    { timeout: 20_000 },
  );
}
