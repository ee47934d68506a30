import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';

/**
 * Deletes one batch of sign-in throttle rows (RateLimiterFlexible) whose window has ended; returns
 * how many. The limiter ignores an expired row and starts afresh, so nothing reads them any more,
 * but every address that ever tried to sign in left one behind.
 */
export async function deleteExpiredLoginThrottles(db: Db, now: Date, batch = 1_000): Promise<number> {
  return db.$executeRaw(Prisma.sql`
    DELETE FROM "RateLimiterFlexible" WHERE key IN (
      SELECT key FROM "RateLimiterFlexible"
      WHERE expire <= ${now}
      LIMIT ${batch}
      FOR UPDATE SKIP LOCKED
    )`);
}
