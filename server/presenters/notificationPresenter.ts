import type { listNotifications } from '../queries/review/notifications.js';

type Row = Awaited<ReturnType<typeof listNotifications>>['rows'][number];

export function presentNotification(n: Row) {
  // Links are built by the server as /briefings/<uuid>; anything else is dropped rather than rendered.
  const link = n.link && /^\/briefings\/[0-9a-f-]{36}$/.test(n.link) ? n.link : null;
  return {
    id: n.id,
    kind: n.kind,
    briefingId: n.briefingId,
    message: n.message,
    link,
    createdAt: n.createdAt.toISOString(),
    read: Boolean(n.readAt),
  };
}
