import type { Prisma } from '../../generated/prisma/client.js';

/** One notification per distinct person; the link opens the briefing. */
export async function notify(
  tx: Prisma.TransactionClient,
  userIds: Array<string | null | undefined>,
  n: { kind: string; briefingId: string; message: string },
): Promise<void> {
  const to = [...new Set(userIds.filter((u): u is string => !!u))];
  if (to.length === 0) return;
  await tx.notification.createMany({
    data: to.map((userId) => ({
      userId,
      kind: n.kind,
      briefingId: n.briefingId,
      message: n.message.slice(0, 500),
      link: `/briefings/${n.briefingId}`,
    })),
  });
}
