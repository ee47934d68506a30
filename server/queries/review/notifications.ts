import type { Db } from '../../db/connect.js';

export async function listNotifications(db: Db, userId: string, opts: { unreadOnly?: boolean; take?: number } = {}) {
  const [rows, unread] = await Promise.all([
    db.notification.findMany({
      where: { userId, ...(opts.unreadOnly ? { readAt: null } : {}) },
      orderBy: { createdAt: 'desc' },
      take: opts.take ?? 50,
      select: { id: true, kind: true, briefingId: true, message: true, link: true, createdAt: true, readAt: true },
    }),
    db.notification.count({ where: { userId, readAt: null } }),
  ]);
  return { rows, unread };
}
