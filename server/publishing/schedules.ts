import type { Prisma } from '../generated/prisma/client.js';
import type { Actor } from '../policies/actor.js';
import { recordAudit } from '../audit/recordAudit.js';
import { notify } from '../review/notify.js';
import { enqueueEvent } from './outbox.js';

type Tx = Prisma.TransactionClient;

export const SCHEDULE_SELECT = {
  id: true,
  briefingId: true,
  revisionId: true,
  signOffId: true,
  runAt: true,
  timezone: true,
  slug: true,
  status: true,
  createdById: true,
  createdAt: true,
  finishedAt: true,
  reason: true,
  publicationId: true,
} as const;

export function pendingSchedule(tx: Tx, briefingId: string) {
  return tx.publishSchedule.findFirst({
    where: { briefingId, status: 'pending' },
    orderBy: { createdAt: 'desc' },
    select: SCHEDULE_SELECT,
  });
}

/** Notifications are stored text: the time is written in the timezone the editor scheduled in. */
function inZone(at: Date, timezone: string): string {
  const f = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: timezone });
  return `${f.format(at)} (${timezone})`;
}

/**
 * Voids the briefing's pending schedule inside the caller's transaction, and tells the editor who set it
 * (notification, audit event, webhook), so a schedule never outlives the sign-off it was made under.
 * Called by every change that voids a sign-off (review/signOffs.ts's voidSignOffs) and by anything
 * else that takes the briefing out of "approved". Returns how many were voided (0 or 1).
 */
export async function voidPendingSchedules(
  tx: Tx,
  input: { briefingId: string; reason: string; now: Date; actor: Actor | null; status?: 'voided' | 'failed' },
): Promise<number> {
  const pending = await tx.publishSchedule.findMany({
    where: { briefingId: input.briefingId, status: 'pending' },
    select: { id: true, runAt: true, timezone: true, createdById: true, revisionId: true },
  });
  if (!pending.length) return 0;
  const status = input.status ?? 'voided';
  await tx.publishSchedule.updateMany({
    where: { id: { in: pending.map((p) => p.id) }, status: 'pending' },
    data: { status, reason: input.reason, finishedAt: input.now, leaseOwner: null, leaseExpiresAt: null },
  });
  const briefing = await tx.briefing.findUnique({ where: { id: input.briefingId }, select: { title: true } });
  for (const p of pending) {
    await notify(tx, {
      userIds: [p.createdById],
      exceptUserId: input.actor?.userId,
      kind: 'schedule_voided',
      briefingId: input.briefingId,
      message: `The publication of "${briefing?.title ?? 'a briefing'}" scheduled for ${inZone(p.runAt, p.timezone)} was cancelled: ${input.reason}`,
      now: input.now,
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: status === 'failed' ? 'briefing.schedule_failed' : 'briefing.schedule_voided',
      entityType: 'briefing',
      entityId: input.briefingId,
      at: input.now,
      data: { scheduleId: p.id, runAt: p.runAt.toISOString(), revisionId: p.revisionId, reason: input.reason },
    });
    await enqueueEvent(tx, {
      type: 'schedule_voided',
      briefingId: input.briefingId,
      now: input.now,
      payload: {
        briefingId: input.briefingId,
        scheduleId: p.id,
        runAt: p.runAt.toISOString(),
        status,
        reason: input.reason,
      },
    });
  }
  return pending.length;
}
