import type { Actor } from '../../policies/actor.js';
import { hasRole } from '../../policies/actor.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors/AppError.js';
import { lockBriefing } from '../../publishing/writePublication.js';
import { voidPendingSchedules } from '../../publishing/schedules.js';
import type { PublishDeps } from '../../publishing/publishDeps.js';

/** An editor calls off a pending scheduled publication; the sign-off stays, so it can be published or scheduled again. */
export async function cancelSchedule(deps: PublishDeps, actor: Actor, input: { briefingId: string }) {
  if (!hasRole(actor, 'editor')) throw new ForbiddenError('Only editors can cancel a scheduled publication.');
  const now = deps.now();
  return deps.db.prisma.$transaction(async (tx) => {
    const briefing = await lockBriefing(tx, input.briefingId);
    if (!briefing) throw new NotFoundError('No such briefing.');
    const n = await voidPendingSchedules(tx, {
      briefingId: briefing.id,
      reason: `Cancelled by ${actor.displayName}.`,
      now,
      actor,
    });
    if (!n) throw new ConflictError('not_scheduled', 'This briefing has no pending scheduled publication.');
    return { cancelled: n };
  });
}
