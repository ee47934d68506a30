import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';

/**
 * Runs a full-text query with sequential scans disabled for its transaction.
 *
 * The planner prices `search @@ query` as cheap per row and so prefers a
 * sequential scan once a term matches a large share of the table, but that scan
 * de-TOASTs every row's tsvector (~10x slower here than the GIN bitmap scan,
 * which only visits the matching heap tuples). The setting is SET LOCAL, so it
 * ends with the transaction and touches no other query.
 */
export async function withIndexScans<T = Record<string, unknown>>(db: Db, query: Prisma.Sql): Promise<T[]> {
  const [, rows] = await db.$transaction([db.$executeRawUnsafe('SET LOCAL enable_seqscan = off'), db.$queryRaw<T[]>(query)]);
  return rows;
}
