import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool, PoolClient } from 'pg';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

/** The node-postgres connection a Prisma interactive transaction runs on: same session, same transaction. */
export interface DriverClient {
  query<T>(text: string, values: unknown[]): Promise<T[]>;
}

interface Claim {
  pool: Pool;
  client?: PoolClient;
}

const claims = new AsyncLocalStorage<Claim>();
const pools = new WeakMap<PrismaClient, Pool>();

/**
 * Lets `transactionWithDriver` find which pooled connection a transaction of `prisma` was given.
 * The Prisma adapter takes a transaction's connection with `pool.connect()` (no callback) from
 * within the `$transaction` call, so the claim made around that call sees it; `pool.query` takes
 * its connections with a callback and is never claimed.
 */
export function registerDriverPool(prisma: PrismaClient, pool: Pool): void {
  pools.set(prisma, pool);
  const connect = pool.connect.bind(pool) as (cb?: unknown) => Promise<PoolClient> | undefined;
  Object.assign(pool, {
    connect(cb?: unknown) {
      const claim = claims.getStore();
      if (cb !== undefined || claim?.pool !== pool || claim.client) return connect(cb);
      return connect()!.then((client) => {
        claim.client = client;
        return client;
      });
    },
  });
}

/**
 * A Prisma interactive transaction that also hands its callback the transaction's own driver
 * connection (PostgreSQL), for bulk statements whose parameters are megabytes: sent straight to
 * node-postgres they are not copied through Prisma's query compiler and debug history, which grew
 * the process by hundreds of MB on a large import. `null` on PGlite, whose callers keep Prisma.
 */
export async function transactionWithDriver<T>(
  db: PrismaClient,
  fn: (tx: Prisma.TransactionClient, driver: DriverClient | null) => Promise<T>,
  options: { timeout?: number; maxWait?: number },
): Promise<T> {
  const pool = pools.get(db);
  if (!pool) return db.$transaction((tx) => fn(tx, null), options);
  const claim: Claim = { pool };
  return claims.run(claim, () =>
    db.$transaction((tx) => {
      const client = claim.client;
      // Not seen (an adapter that takes its connections another way): Prisma carries the rows, as on PGlite.
      if (!client) return fn(tx, null);
      return fn(tx, {
        query: async <R>(text: string, values: unknown[]) => (await client.query(text, values)).rows as R[],
      });
    }, options),
  );
}
