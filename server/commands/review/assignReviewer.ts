import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { ValidationError } from '../../errors/AppError.js';
import { applyTransition } from '../../review/transition.js';
import { notify } from '../../review/notify.js';

/** Assigning is not a state change but is serialised like one, so two assigners cannot interleave. */
export async function assignReviewer(
  db: Db,
  actor: Actor,
  briefingId: string,
  input: { assigneeId: string | null },
  now = new Date(),
) {
  if (input.assigneeId) {
    const u = await db.user.findUnique({ where: { id: input.assigneeId }, select: { active: true, roles: true } });
    if (!u || !u.active || !(u.roles.includes('reviewer') || u.roles.includes('admin'))) {
      throw new ValidationError('The assignee must be an active reviewer.', {
        issues: [{ field: 'assigneeId', message: 'not an active reviewer' }],
      });
    }
  }
  return applyTransition(db, actor, briefingId, 'assign', {
    now,
    data: { assigneeId: input.assigneeId },
    alreadyDone: (b) => b.assigneeId === input.assigneeId,
    after: async (tx, b) => {
      await tx.briefing.update({ where: { id: briefingId }, data: { assigneeId: input.assigneeId } });
      await notify(tx, {
        userIds: [input.assigneeId],
        exceptUserId: actor.userId,
        kind: 'assignment',
        briefingId,
        message: `${actor.displayName} assigned you "${b.title}".`,
        now,
      });
    },
  });
}
