import type { Database } from '../db/connect.js';
import type { Prisma } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

export type NotificationKind =
  | 'assignment'
  | 'mention'
  | 'sign_off'
  | 'changes_requested'
  | 'regeneration_done'
  | 'generation_failed'
  | 'schedule_voided'
  | 'scheduled_published'
  | 'source_changed'
  | 'update_suggested';

/** In-app notifications, written in the transaction of the change they announce; never to the person who caused it. */
export async function notify(
  tx: Tx,
  input: {
    userIds: (string | null | undefined)[];
    exceptUserId?: string;
    kind: NotificationKind;
    briefingId: string;
    message: string;
    now?: Date;
    /** Where the notification leads; the briefing's draft page unless said. */
    link?: string;
  },
): Promise<number> {
  const ids = [...new Set(input.userIds.filter((u): u is string => Boolean(u) && u !== input.exceptUserId))];
  if (!ids.length) return 0;
  const r = await tx.notification.createMany({
    data: ids.map((userId) => ({
      userId,
      kind: input.kind,
      briefingId: input.briefingId,
      message: input.message.slice(0, 500),
      link: input.link ?? `/briefings/${input.briefingId}`,
      createdAt: input.now,
    })),
  });
  return r.count;
}

/** The badge count on every staff page: one prepared statement on the (userId, readAt, createdAt) index. */
export async function countUnread(db: Pick<Database, 'sql'>, userId: string): Promise<number> {
  const [row] = await db.sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Notification" WHERE "userId" = $1 AND "readAt" IS NULL`,
    [userId],
    'unread_count',
  );
  return row.n;
}
