import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';

export interface ClaimedVerification {
  id: string;
  briefingId: string;
  revisionId: string;
  attempts: number;
  maxAttempts: number;
}

const leaseInterval = (leaseMs: number) => Prisma.sql`(${leaseMs / 1000}::float8 * interval '1 second')`;

/**
 * Takes the oldest runnable verification, as claimGeneration takes generations: queued and due, or
 * running under an expired lease (its worker died). Times come from the database clock.
 */
export async function claimVerification(db: Db, owner: string, leaseMs: number): Promise<ClaimedVerification | null> {
  const rows = await db.$queryRaw<ClaimedVerification[]>(Prisma.sql`
    UPDATE "Verification"
    SET status = 'running', "leaseOwner" = ${owner}, "leaseExpiresAt" = now() + ${leaseInterval(leaseMs)},
        attempts = attempts + 1, "startedAt" = now()
    WHERE id = (
      SELECT id FROM "Verification"
      WHERE (status = 'queued' AND "runAfter" <= now()) OR (status = 'running' AND "leaseExpiresAt" < now())
      ORDER BY "createdAt"
      FOR UPDATE SKIP LOCKED
      LIMIT 1
    )
    RETURNING id, "briefingId", "revisionId", attempts, "maxAttempts"`);
  return rows[0] ?? null;
}

/** Extends our lease; false when it is no longer ours (another worker took the job). */
export async function extendVerificationLease(db: Db, id: string, owner: string, leaseMs: number): Promise<boolean> {
  const n = await db.$executeRaw(Prisma.sql`
    UPDATE "Verification" SET "leaseExpiresAt" = now() + ${leaseInterval(leaseMs)}
    WHERE id = ${id}::uuid AND "leaseOwner" = ${owner} AND status = 'running'`);
  return n > 0;
}

/** Hands a job back to the queue on shutdown; the interrupted run does not count as an attempt. */
export async function releaseVerification(db: Db, id: string, owner: string): Promise<void> {
  await db.verification.updateMany({
    where: { id, leaseOwner: owner, status: 'running' },
    data: {
      status: 'queued',
      leaseOwner: null,
      leaseExpiresAt: null,
      attempts: { decrement: 1 },
      runAfter: new Date(),
    },
  });
}
