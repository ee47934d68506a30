import type { Prisma } from '../generated/prisma/client.js';
import { NotFoundError } from '../errors/AppError.js';

type Tx = Prisma.TransactionClient;

export const LOCKED_BRIEFING_SELECT = {
  id: true,
  state: true,
  title: true,
  currentRevisionId: true,
  assigneeId: true,
  createdById: true,
  lockVersion: true,
  facts: true,
} as const;

/**
 * Row lock for the rest of the transaction: two transitions (or a save and a
 * sign-off) on one briefing run one after the other, each seeing the other's result.
 */
export async function lockBriefing(tx: Tx, briefingId: string) {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Briefing" WHERE id = ${briefingId}::uuid FOR UPDATE`;
  if (!rows.length) throw new NotFoundError('No such briefing.');
  return tx.briefing.findUniqueOrThrow({ where: { id: briefingId }, select: LOCKED_BRIEFING_SELECT });
}

export async function findBriefingOr404(
  db: { briefing: { findUnique: Tx['briefing']['findUnique'] } },
  briefingId: string,
) {
  const b = await db.briefing.findUnique({ where: { id: briefingId }, select: LOCKED_BRIEFING_SELECT });
  if (!b) throw new NotFoundError('No such briefing.');
  return b;
}
