import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';

/** Only ever the caller's own notifications; ids that are not theirs are ignored, not reported. */
export async function markNotificationsRead(db: Db, actor: Actor, input: { ids?: string[] }, now = new Date()) {
  const r = await db.notification.updateMany({
    where: { userId: actor.userId, readAt: null, ...(input.ids ? { id: { in: input.ids } } : {}) },
    data: { readAt: now },
  });
  return { marked: r.count };
}
