import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import type { GenerationKind } from '../../generated/prisma/enums.js';

export interface ClaimedGeneration {
  id: string;
  briefingId: string;
  kind: GenerationKind;
  section: string | null;
  instructions: string | null;
  requestedById: string | null;
  attempts: number;
  maxAttempts: number;
  cancelRequested: boolean;
}

const leaseInterval = (leaseMs: number) => Prisma.sql`(${leaseMs / 1000}::float8 * interval '1 second')`;

/**
 * Takes the oldest runnable generation: queued and due, or running under a
 * lease that expired (its worker died). SKIP LOCKED lets several processes
 * claim side by side without waiting on each other; times come from the
 * database clock so processes with skewed clocks still agree on expiry.
 */
export async function claimGeneration(
  db: Db,
  owner: string,
  leaseMs: number,
  /** When the run is recorded as started; the database clock unless the caller replays history. */
  startedAt?: Date,
): Promise<ClaimedGeneration | null> {
  const rows = await db.$queryRaw<ClaimedGeneration[]>(Prisma.sql`
    UPDATE "Generation"
    SET status = 'running', "leaseOwner" = ${owner}, "leaseExpiresAt" = now() + ${leaseInterval(leaseMs)},
        "heartbeatAt" = now(), attempts = attempts + 1,
        "startedAt" = COALESCE(${startedAt ?? null}::timestamptz, now()), "partialOutput" = NULL
    WHERE id = (
      SELECT id FROM "Generation"
      WHERE (status = 'queued' AND "runAfter" <= now()) OR (status = 'running' AND "leaseExpiresAt" < now())
      ORDER BY "createdAt"
      FOR UPDATE SKIP LOCKED
      LIMIT 1
    )
    RETURNING id, "briefingId", kind::text AS kind, section, instructions, "requestedById", attempts, "maxAttempts", "cancelRequested"`);
  return rows[0] ?? null;
}

/**
 * Extends our lease. Returns whether an editor asked to cancel, or null when
 * the lease is no longer ours (it expired and another worker took the job).
 */
export async function heartbeat(
  db: Db,
  id: string,
  owner: string,
  leaseMs: number,
): Promise<{ cancelRequested: boolean } | null> {
  const rows = await db.$queryRaw<{ cancelRequested: boolean }[]>(Prisma.sql`
    UPDATE "Generation" SET "leaseExpiresAt" = now() + ${leaseInterval(leaseMs)}, "heartbeatAt" = now()
    WHERE id = ${id}::uuid AND "leaseOwner" = ${owner} AND status = 'running'
    RETURNING "cancelRequested"`);
  return rows[0] ?? null;
}

/**
 * The streamed text grows by appending what arrived since the last write: one
 * short statement per interval carrying only the new tail, never the whole text
 * again. Written only while the lease is ours.
 */
export async function appendPartial(db: Db, id: string, owner: string, tail: string): Promise<boolean> {
  const n = await db.$executeRaw(Prisma.sql`
    UPDATE "Generation" SET "partialOutput" = COALESCE("partialOutput", '') || ${tail}
    WHERE id = ${id}::uuid AND "leaseOwner" = ${owner} AND status = 'running'`);
  return n > 0;
}

/** Replaces the streamed text (a retry started over, or it passed the storage cap and is kept as head and tail). */
export async function writePartial(db: Db, id: string, owner: string, text: string): Promise<boolean> {
  const n = await db.generation.updateMany({
    where: { id, leaseOwner: owner, status: 'running' },
    data: { partialOutput: text },
  });
  return n.count > 0;
}
