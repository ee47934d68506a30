import type { Actor } from '../../policies/actor.js';
import { hasRole } from '../../policies/actor.js';
import { AppError } from '../../errors/AppError.js';
import { lockBriefing } from '../../publishing/writePublication.js';
import { publishApprovedInTx } from '../../publishing/publishApproved.js';
import { voidPendingSchedules } from '../../publishing/schedules.js';
import { notify } from '../../review/notify.js';
import type { PublishDeps } from '../../publishing/publishDeps.js';
import { invalidateSiteVersion } from '../../publishing/site/siteVersion.js';

/** A schedule whose publish failed this often for reasons other than a refusal (database errors, bugs) fails for good. */
export const MAX_SCHEDULE_ATTEMPTS = 5;

export type ScheduledOutcome =
  | { outcome: 'published'; publicationId: string; url: string }
  | { outcome: 'refused'; reason: string }
  | { outcome: 'lost' };

type Tx = Parameters<Parameters<PublishDeps['db']['prisma']['$transaction']>[0]>[0];

/** Re-read under the briefing's row lock: every change to a schedule happens under that lock. */
async function lockedSchedule(tx: Tx, scheduleId: string, owner: string) {
  const head = await tx.publishSchedule.findUnique({ where: { id: scheduleId }, select: { briefingId: true } });
  if (!head) return null;
  const briefing = await lockBriefing(tx, head.briefingId);
  await tx.$queryRaw`SELECT 1 FROM "PublishSchedule" WHERE "id" = ${scheduleId}::uuid FOR UPDATE`;
  const s = await tx.publishSchedule.findUniqueOrThrow({
    where: { id: scheduleId },
    select: { status: true, leaseOwner: true, signOffId: true, slug: true, createdById: true, attempts: true },
  });
  if (s.status !== 'pending' || s.leaseOwner !== owner) return null;
  return { briefing: briefing!, s };
}

/** The editor who scheduled it publishes it, as if they pressed Publish at that moment. */
async function schedulingEditor(tx: Tx, userId: string): Promise<Actor | null> {
  const u = await tx.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, displayName: true, roles: true, active: true, timezone: true },
  });
  if (!u?.active) return null;
  const actor: Actor = {
    kind: 'session',
    userId: u.id,
    email: u.email,
    displayName: u.displayName,
    roles: u.roles,
    timezone: u.timezone,
  };
  return hasRole(actor, 'editor') ? actor : null;
}

/**
 * Publishes exactly the signed revision a claimed schedule names. Publication and the schedule's
 * "published" mark commit together, under the briefing's row lock, after checking that the row is
 * still pending and still ours: of any number of workers (or a worker killed mid-way and its
 * successor), one commit publishes and the others find nothing to do. A refusal (sign-off gone,
 * embargo, state) fails the schedule and tells the editor; other errors leave it to be retried.
 */
export async function publishScheduled(
  deps: PublishDeps,
  scheduleId: string,
  owner: string,
): Promise<ScheduledOutcome> {
  const now = deps.now();
  let refusal: string;
  try {
    const result = await deps.db.prisma.$transaction(
      async (tx) => {
        const locked = await lockedSchedule(tx, scheduleId, owner);
        if (!locked) return null;
        const { briefing, s } = locked;
        const actor = await schedulingEditor(tx, s.createdById);
        if (!actor) throw new SchedulerRefusal('The editor who scheduled it can no longer publish.');
        const publication = await publishApprovedInTx(tx, deps, actor, briefing, {
          slug: s.slug ?? undefined,
          signOffId: s.signOffId,
        });
        await tx.publishSchedule.update({
          where: { id: scheduleId },
          data: {
            status: 'published',
            publicationId: publication.id,
            finishedAt: now,
            leaseOwner: null,
            leaseExpiresAt: null,
          },
        });
        await notify(tx, {
          userIds: [s.createdById],
          kind: 'scheduled_published',
          briefingId: briefing.id,
          message: `"${briefing.title}" was published as scheduled: ${publication.url}`,
          now,
        });
        return publication;
      },
      { timeout: 20_000 },
    );
    if (!result) return { outcome: 'lost' };
    invalidateSiteVersion(deps.db.prisma);
    return { outcome: 'published', publicationId: result.id, url: result.url };
  } catch (err) {
    if (err instanceof AppError) refusal = err.detail;
    else {
      const attempts = await deps.db.prisma.publishSchedule.findUnique({
        where: { id: scheduleId },
        select: { attempts: true },
      });
      if ((attempts?.attempts ?? 0) < MAX_SCHEDULE_ATTEMPTS) throw err;
      refusal = `Publishing failed ${MAX_SCHEDULE_ATTEMPTS} times; the last error is in the server log.`;
    }
  }
  const failed = await deps.db.prisma.$transaction(async (tx) => {
    const locked = await lockedSchedule(tx, scheduleId, owner);
    if (!locked) return false;
    await voidPendingSchedules(tx, {
      briefingId: locked.briefing.id,
      reason: `Not published at the scheduled time: ${refusal}`,
      now,
      actor: null,
      status: 'failed',
    });
    return true;
  });
  return failed ? { outcome: 'refused', reason: refusal } : { outcome: 'lost' };
}

class SchedulerRefusal extends AppError {
  readonly code = 'schedule_refused';
  readonly status = 409;
}
