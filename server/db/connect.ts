import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/prisma/client.js';
import { wholeScriptAdapterFactory } from './wholeScriptAdapter.js';
import { registerDriverPool } from './driverTransaction.js';
import { makeDirectorySync } from '../util/makeDirectory.js';

export type Db = PrismaClient;

/** Where the data lives: embedded PGlite in a folder, or a PostgreSQL server. */
export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string }
  | {
      kind: 'postgres';
      url: string;
      poolSize: number;
      /** Opening a connection, or waiting for a free one from the pool (unset or 0: no limit). */
      connectTimeoutMs?: number;
      /** Server-side statement_timeout; the client stops waiting 2 s later (unset or 0: no limit). */
      statementTimeoutMs?: number;
    };
/**
 * The server cancels a statement after statement_timeout and the connection stays usable; a frozen
 * server cannot, so the client gives up this much later on its own (pg's query_timeout).
 */
const CLIENT_GRACE_MS = 2_000;

/** One connection held for a while (an advisory lock lives as long as its session). */
export interface DedicatedSession {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

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
  /** A connection of its own, outside the pool and without statement timeouts (the start-up lock). */
  openSession(name: string): Promise<DedicatedSession>;
  close(): Promise<void>;
}

export async function connectDatabase(
  db: DatabaseConfig,
  opts: { pglite?: unknown; onPoolError?: (err: Error) => void } = {},
): Promise<Database> {
  if (db.kind === 'postgres') {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    const pg = await import('pg');
    // The app's defaults come from env.ts (5 s, 15 s). Without them a stopped server fails fast but
    // a frozen one (or a partition that drops packets) holds every request for as long as the
    // kernel keeps the socket: minutes.
    const connectTimeoutMs = db.connectTimeoutMs ?? 0;
    const statementTimeoutMs = db.statementTimeoutMs ?? 0;
    const pool = new pg.default.Pool({
      connectionString: db.url,
      max: db.poolSize,
      connectionTimeoutMillis: connectTimeoutMs,
      keepAlive: true,
      ...(statementTimeoutMs > 0
        ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + CLIENT_GRACE_MS }
        : {}),
    });
    // An idle connection can be killed under us (server restart, failover, DROP DATABASE):
    // pg reports it as an 'error' event, which would crash the process if nobody listened.
    // The pool replaces the connection on next use, so logging it is enough.
    pool.on('error', (err) => (opts.onPoolError ?? (() => {}))(err));
    const runtimeFactory = new PrismaPg(pool);
    const prisma = new PrismaClient({ adapter: runtimeFactory });
    registerDriverPool(prisma, pool);
    // Migrations may run longer than any request should (an index on a large table): they get a
    // small pool of their own without the statement timeout, opened only when they run.
    const adapterFactory = wholeScriptAdapterFactory(
      new PrismaPg({
        connectionString: db.url,
        max: 2,
        connectionTimeoutMillis: connectTimeoutMs,
        idleTimeoutMillis: 1_000,
        allowExitOnIdle: true,
      }),
    );
    return {
      prisma,
      kind: 'postgres',
      adapterFactory,
      sql: async <T>(text: string, params: unknown[], name?: string) =>
        (await pool.query({ text, values: params, name })).rows as T[],
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      async openSession(name: string) {
        const client = new pg.default.Client({
          connectionString: db.url,
          connectionTimeoutMillis: connectTimeoutMs,
          keepAlive: true,
          application_name: name.slice(0, 63),
        });
        // A session-level advisory lock dies with its connection; losing it is logged by the caller.
        client.on('error', (err) => (opts.onPoolError ?? (() => {}))(err));
        await client.connect();
        return {
          query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
          close: () => client.end().catch(() => {}),
        };
      },
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
    makeDirectorySync(db.dataDir);
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
    // One process owns a PGlite folder and it has one connection: a session is that connection.
    openSession: () =>
      Promise.resolve({
        query: async <T>(text: string, params: unknown[] = []) => (await pglite.query<T>(text, params)).rows,
        close: () => Promise.resolve(),
      }),
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}
