import type { Database } from '../db/connect.js';

// Any constant works; it only has to be the same in every process (and differ from the audit chain's).
const SEED_LOCK = 7_311_013;

/**
 * Runs first-start work in one process at a time: on PostgreSQL several app processes may start on
 * the same empty database at the same moment, and the second must find the first one's users and
 * demo instead of making its own. The lock is held by a transaction on its own connection while the
 * work runs on others; it ends with that transaction, so a crashed process never leaves it held.
 * An embedded PGlite database belongs to one process and has one connection: nothing to serialise.
 */
export async function withSeedLock<T>(db: Pick<Database, 'kind' | 'prisma'>, work: () => Promise<T>): Promise<T> {
  if (db.kind === 'pglite') return work();
  return db.prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEED_LOCK})`);
      return work();
    },
    { timeout: 10 * 60_000, maxWait: 10 * 60_000 },
  );
}
