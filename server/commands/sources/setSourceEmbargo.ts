import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { NotFoundError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { voidPendingSchedules } from '../../publishing/schedules.js';

/**
 * Sets or lifts a source's embargo ("not before"). A briefing scheduled to appear before the new
 * embargo loses its schedule in the same transaction, and its editor is told.
 */
export async function setSourceEmbargo(
  db: Db,
  actor: Actor,
  input: { sourceId: string; notBefore: Date | null },
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    // The row lock the update below would take anyway, taken before reading: two editors setting an
    // embargo at once take turns, and the second sees the first's value.
    await tx.$queryRaw`SELECT 1 FROM "Source" WHERE "id" = ${input.sourceId}::uuid FOR UPDATE`;
    const before = await tx.source.findUnique({
      where: { id: input.sourceId },
      select: { id: true, title: true, publisher: true, notBefore: true },
    });
    if (!before) throw new NotFoundError('No such source.');
    // Setting the embargo it already has (a resent form) changes nothing and is no new audit event:
    // any schedule before it was already voided when it was set.
    if ((before.notBefore?.getTime() ?? null) === (input.notBefore?.getTime() ?? null)) {
      return { ...before, schedulesVoided: 0 };
    }
    const source = await tx.source.update({
      where: { id: input.sourceId },
      data: { notBefore: input.notBefore },
      select: { id: true, title: true, publisher: true, notBefore: true },
    });
    let voided = 0;
    if (input.notBefore) {
      const clashing = await tx.publishSchedule.findMany({
        where: {
          status: 'pending',
          runAt: { lt: input.notBefore },
          briefing: {
            OR: [{ leadSourceId: source.id }, { sources: { some: { sourceId: source.id } } }],
          },
        },
        select: { briefingId: true },
      });
      for (const briefingId of new Set(clashing.map((c) => c.briefingId))) {
        // Same order as every other schedule change: the briefing's row lock first.
        await tx.$queryRaw`SELECT 1 FROM "Briefing" WHERE "id" = ${briefingId}::uuid FOR UPDATE`;
        voided += await voidPendingSchedules(tx, {
          briefingId,
          reason: `Source “${source.title}” is now under embargo until ${input.notBefore.toISOString()}.`,
          now,
          actor,
        });
      }
    }
    await recordAudit(tx, {
      actor,
      action: input.notBefore ? 'source.embargo_set' : 'source.embargo_lifted',
      entityType: 'source',
      entityId: source.id,
      at: now,
      data: {
        notBefore: input.notBefore?.toISOString() ?? null,
        previous: before.notBefore?.toISOString() ?? null,
        schedulesVoided: voided,
      },
    });
    return { ...source, schedulesVoided: voided };
  });
}
