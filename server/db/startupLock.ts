import type { Database } from './connect.js';

// pg_advisory_lock(int4, int4): 0x6264 ("bd") and 1. Prisma's migrate engine uses its own key
// (72707369) with a 10 s timeout; taking ours first means it never has to wait for it.
const LOCK_CLASS = 0x6264;
const LOCK_ID = 1;

export interface StartupLockOptions {
  /** Shown in pg_stat_activity as application_name, so a waiting process can say who holds it. */
  holder: string;
  /** Called about every 5 s while another process holds the lock. */
  onWait?: (info: { holder: string | null; waitedMs: number }) => void;
  maxWaitMs?: number;
  pollMs?: number;
}

export class StartupLockTimeoutError extends Error {
  constructor(holder: string | null, waitedMs: number) {
    super(
      `Another process (${holder ?? 'unknown'}) has held the start-up lock for ${Math.round(waitedMs / 1000)} s ` +
        'while migrating or seeding this database. Check it, or stop it and start again.',
    );
    this.name = 'StartupLockTimeoutError';
  }
}

/**
 * Runs `fn` (migrations, first-run seeding, shared secrets) while holding a database-wide
 * advisory lock, so processes that start together take turns: the first migrates and seeds, the
 * others wait and then find the work done. The lock is held by a session of its own, so it is
 * released if this process dies mid-way and never waits for a free pool connection. Waiting
 * polls with pg_try_advisory_lock instead of blocking, so it can be logged and bounded.
 */
export async function withStartupLock<T>(db: Database, fn: () => Promise<T>, opts: StartupLockOptions): Promise<T> {
  const session = await db.openSession(`briefing-desk start-up ${opts.holder}`);
  try {
    const started = Date.now();
    let lastReport = started;
    for (;;) {
      const [row] = await session.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS got', [
        LOCK_CLASS,
        LOCK_ID,
      ]);
      if (row?.got) break;
      const waited = Date.now() - started;
      if (Date.now() - lastReport >= 5_000 || waited > (opts.maxWaitMs ?? 600_000)) {
        lastReport = Date.now();
        const holder = await currentHolder(session);
        if (waited > (opts.maxWaitMs ?? 600_000)) throw new StartupLockTimeoutError(holder, waited);
        opts.onWait?.({ holder, waitedMs: waited });
      }
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 200));
    }
    try {
      return await fn();
    } finally {
      await session.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_CLASS, LOCK_ID]).catch(() => {});
    }
  } finally {
    await session.close();
  }
}

async function currentHolder(session: Awaited<ReturnType<Database['openSession']>>): Promise<string | null> {
  const rows = await session
    .query<{ name: string }>(
      `SELECT a.application_name || ' (pid ' || a.pid || ', since ' || to_char(a.backend_start, 'HH24:MI:SS') || ')' AS name
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2 AND l.granted`,
      [LOCK_CLASS, LOCK_ID],
    )
    .catch(() => []);
  return rows[0]?.name ?? null;
}
