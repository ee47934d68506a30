import type { Logger } from '../logging/logger.js';
import type { Database } from './connect.js';
import { isDatabaseUnavailable } from './unavailable.js';

/** Boot gave up on a database that never answered within DATABASE_STARTUP_WAIT_SECONDS. */
export class DatabaseUnreachableError extends Error {
  constructor(
    readonly target: string,
    readonly attempts: number,
    readonly waitedMs: number,
    cause: unknown,
  ) {
    super(
      `Could not reach the database (${target}) in ${attempts} attempt(s) over ${(waitedMs / 1000).toFixed(1)} s: ` +
        `${describe(cause)}. Start it, check DATABASE_URL, or wait longer with DATABASE_STARTUP_WAIT_SECONDS.`,
      { cause },
    );
    this.name = 'DatabaseUnreachableError';
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return [(err as { code?: string }).code, err.message].filter(Boolean).join(' ');
  return String(err);
}

/** Where a database is, for logs: host, port and name, never the credentials in the URL. */
export function databaseTarget(config: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string }) {
  if (config.kind === 'pglite') return `PGlite in ${config.dataDir}`;
  const u = new URL(config.url);
  return `PostgreSQL at ${u.host}${u.pathname}`;
}

/**
 * Waits for the database to answer: a process started before its database (a host reboot, a
 * compose file, a failover) comes up when the database does instead of dying at once. Retries
 * only "unreachable" errors, with doubling delays (250 ms … 5 s), logging each attempt; a wrong
 * password or a missing database fails at once, since waiting would not fix it.
 */
export async function waitForDatabase(
  db: Pick<Database, 'sql'>,
  opts: { waitMs: number; target: string; logger: Logger; sleep?: (ms: number) => Promise<void> },
): Promise<void> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = Date.now();
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.sql('SELECT 1', []);
      if (attempt > 1)
        opts.logger.info({ attempt, waitedMs: Date.now() - started, target: opts.target }, 'database reachable');
      return;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      const waited = Date.now() - started;
      if (waited + delay > opts.waitMs) throw new DatabaseUnreachableError(opts.target, attempt, waited, err);
      opts.logger.warn(
        {
          attempt,
          retryInMs: delay,
          waitedMs: waited,
          giveUpAfterMs: opts.waitMs,
          target: opts.target,
          error: describe(err),
        },
        'database unreachable; retrying',
      );
      await sleep(delay);
      delay = Math.min(delay * 2, 5_000);
    }
  }
}
