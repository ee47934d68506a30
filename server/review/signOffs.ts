import type { Db } from '../db/connect.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Actor } from '../policies/actor.js';
import { voidPendingSchedules } from '../publishing/schedules.js';

type Tx = Prisma.TransactionClient;

export const SIGN_OFF_SELECT = {
  id: true,
  briefingId: true,
  revisionId: true,
  contentHash: true,
  reviewerId: true,
  reviewerName: true,
  statement: true,
  acknowledgedFlags: true,
  createdAt: true,
  voidedAt: true,
  voidReason: true,
} as const;

/**
 * The sign-off Publishing may publish under: not voided, on the briefing's current
 * revision, and that revision still hashes to what the reviewer signed. Null otherwise.
 */
export async function currentValidSignOff(db: Db | Tx, briefingId: string) {
  const briefing = await db.briefing.findUnique({ where: { id: briefingId }, select: { currentRevisionId: true } });
  if (!briefing?.currentRevisionId) return null;
  const signOff = await db.signOff.findFirst({
    where: { briefingId, voidedAt: null, revisionId: briefing.currentRevisionId },
    orderBy: { createdAt: 'desc' },
    select: { ...SIGN_OFF_SELECT, revision: { select: { contentHash: true } } },
  });
  if (!signOff || signOff.revision.contentHash !== signOff.contentHash) return null;
  const { revision: _r, ...rest } = signOff;
  return rest;
}

/**
 * Called in the transaction of any content change: a sign-off covers one exact text only. A scheduled
 * publication rests on the sign-off, so it is voided with it, here, and its editor told.
 */
export async function voidSignOffs(
  tx: Tx,
  briefingId: string,
  reason: string,
  now: Date,
  actor: Actor | null = null,
): Promise<number> {
  const r = await tx.signOff.updateMany({
    where: { briefingId, voidedAt: null },
    data: { voidedAt: now, voidReason: reason },
  });
  await voidPendingSchedules(tx, { briefingId, reason, now, actor });
  return r.count;
}
