import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/connect.js';

type Tx = Prisma.TransactionClient;

/**
 * Which scans a full-text query may use. Always: no sequential scan (the
 * planner prices `search @@ query` as cheap per row and so prefers one once a
 * term matches a large share of the table, but it de-TOASTs every row's
 * tsvector: ~10x slower than the GIN bitmap scan, which visits only the
 * matches) and no JIT (these queries take milliseconds; the planner's row
 * estimates for `@@` are high enough to trigger tens of milliseconds of compiling).
 * - 'ordered': walk a btree in the query's order (newest first) checking each
 *   row, for a term in a large share of the corpus, where a LIMIT stops early;
 * - 'bitmap': bitmap scans only, so a GIN match and a publishedAt range are
 *   ANDed before any row is read;
 * - 'any': the planner's choice among index scans.
 */
export type ScanMode = 'any' | 'ordered' | 'bitmap';

function settings(mode: ScanMode): string {
  const off = [
    'enable_seqscan',
    'jit',
    ...(mode === 'ordered' ? ['enable_bitmapscan'] : mode === 'bitmap' ? ['enable_indexscan'] : []),
  ];
  const on =
    mode === 'ordered'
      ? ['enable_indexscan']
      : mode === 'bitmap'
        ? ['enable_bitmapscan']
        : ['enable_indexscan', 'enable_bitmapscan'];
  return `SELECT ${[...off.map((n) => `set_config('${n}', 'off', true)`), ...on.map((n) => `set_config('${n}', 'on', true)`)].join(', ')}`;
}

/** One query under `mode`; the settings are local to its transaction, so they touch no other query. */
export async function withIndexScans<T = Record<string, unknown>>(
  db: Db,
  query: Prisma.Sql,
  mode: ScanMode = 'any',
): Promise<T[]> {
  const [, rows] = await db.$transaction([db.$queryRawUnsafe(settings(mode)), db.$queryRaw<T[]>(query)]);
  return rows;
}

/**
 * Several queries in one transaction (one snapshot, one connection, a round
 * trip each instead of four); `scan` switches the mode between them.
 */
export async function inSearchTransaction<T>(
  db: Db,
  fn: (tx: Tx, scan: (mode: ScanMode) => Promise<void>) => Promise<T>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    let current: ScanMode | null = null;
    const scan = async (mode: ScanMode) => {
      if (mode === current) return;
      await tx.$queryRawUnsafe(settings(mode));
      current = mode;
    };
    await scan('any');
    return fn(tx, scan);
  }, SEARCH_TX);
}

/** Prisma's 5 s default would cut off a phrase count over a very large archive; reads hold no locks worth bounding. */
const SEARCH_TX = { timeout: 60_000, maxWait: 10_000 };
