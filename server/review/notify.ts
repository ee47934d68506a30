import type { Prisma } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

export type NotificationKind = 'assignment' | 'mention' | 'sign_off' | 'changes_requested' | 'regeneration_done';

/** In-app notifications, written in the transaction of the change they announce; never to the person who caused it. */
export async function notify(
  tx: Tx,
  input: { userIds: (string | null | undefined)[]; exceptUserId?: string; kind: NotificationKind; briefingId: string; message: string; now?: Date },
): Promise<number> {
  const ids = [...new Set(input.userIds.filter((u): u is string => Boolean(u) && u !== input.exceptUserId))];
  if (!ids.length) return 0;
  const r = await tx.notification.createMany({
    data: ids.map((userId) => ({
      userId, kind: input.kind, briefingId: input.briefingId, message: input.message.slice(0, 500),
      link: `/briefings/${input.briefingId}`, createdAt: input.now,
    })),
  });
  return r.count;
}

/** The badge count: one query on the (userId, readAt, createdAt) index. */
export function countUnread(db: { notification: { count(args: { where: { userId: string; readAt: null } }): Promise<number> } }, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}
