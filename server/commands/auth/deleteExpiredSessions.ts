import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';
import type { SessionLimits } from '../../auth/sessions.js';

/**
 * A session is dead once it passed its absolute expiry, sat idle too long, or was revoked
 * (sign-out, password change, deactivation); it is deleted only an hour after that, so a request
 * that read it just before it died never finds its row gone mid-request.
 */
export const DELETE_GRACE_MS = 3_600_000;

/**
 * Deletes one batch of dead sessions; returns how many. SKIP LOCKED lets several processes sweep
 * at once without waiting on each other's rows, and a batch keeps each statement short.
 */
export async function deleteExpiredSessions(db: Db, limits: SessionLimits, now: Date, batch = 1_000): Promise<number> {
  const cutoff = new Date(now.getTime() - DELETE_GRACE_MS);
  const idleCutoff = new Date(cutoff.getTime() - limits.idleMs);
  return db.$executeRaw(Prisma.sql`
    DELETE FROM "Session" WHERE id IN (
      SELECT id FROM "Session"
      WHERE "expiresAt" <= ${cutoff} OR "lastSeenAt" <= ${idleCutoff} OR "revokedAt" <= ${cutoff}
      LIMIT ${batch}
      FOR UPDATE SKIP LOCKED
    )`);
}
