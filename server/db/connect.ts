import { mkdirSync } from 'node:fs';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/prisma/client.js';
import { wholeScriptAdapterFactory } from './wholeScriptAdapter.js';

export type Db = PrismaClient;

/** Where the data lives: embedded PGlite in a folder, or a PostgreSQL server. */
export type DatabaseConfig = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolSize: number };

export interface Database {
  prisma: PrismaClient;
  kind: 'pglite' | 'postgres';
  /** The factory the schema engine needs to run migrations on this same database. */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /**
   * Plain parameterised SQL straight to the driver, for the few hot paths (session lookup on
   * every request) where the ORM's per-query overhead is larger than the query itself.
   */
  /** `name` makes it a server-side prepared statement (parsed and planned once per connection). */
  sql<T>(text: string, params: unknown[], name?: string): Promise<T[]>;
  /** Pool statistics for /metrics; PGlite has one in-process connection. */
  poolStats: () => { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export async function connectDatabase(
  db: DatabaseConfig,
  opts: { pglite?: unknown; onPoolError?: (err: Error) => void } = {},
): Promise<Database> {
  if (db.kind === 'postgres') {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    const pg = await import('pg');
    const pool = new pg.default.Pool({ connectionString: db.url, max: db.poolSize });
    // An idle connection can be killed under us (server restart, failover, DROP DATABASE):
    // pg reports it as an 'error' event, which would crash the process if nobody listened.
    // The pool replaces the connection on next use, so logging it is enough.
    pool.on('error', (err) => (opts.onPoolError ?? (() => {}))(err));
    const runtimeFactory = new PrismaPg(pool);
    const prisma = new PrismaClient({ adapter: runtimeFactory });
    const adapterFactory = wholeScriptAdapterFactory(runtimeFactory);
    return {
      prisma,
      kind: 'postgres',
      adapterFactory,
      sql: async <T>(text: string, params: unknown[], name?: string) =>
        (await pool.query({ text, values: params, name })).rows as T[],
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      async close() {
        await prisma.$disconnect();
        await pool.end().catch(() => {});
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  let client = opts.pglite as InstanceType<typeof PGlite> | undefined;
  if (!client) {
    mkdirSync(db.dataDir, { recursive: true });
    client = await PGlite.create(db.dataDir);
  }
  const pglite = client;
  const adapterFactory = new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory;
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    prisma,
    kind: 'pglite',
    adapterFactory,
    sql: async <T>(text: string, params: unknown[]) => (await pglite.query<T>(text, params)).rows,
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}
