import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import type { ImportStatus } from '../../generated/prisma/enums.js';

/**
 * A running import renews its heartbeat this often; one whose heartbeat is older than
 * IMPORT_STALE_MS belongs to a process that died (kill -9, crash, lost database) and is
 * marked interrupted. Its transaction died with its connection, so it committed nothing.
 */
export const IMPORT_HEARTBEAT_MS = 5_000;
export const IMPORT_STALE_MS = 30_000;

/** The run record, written in its own short transaction before the first line is read. */
export async function openImportRun(
  db: Db,
  actor: Actor | null,
  input: { filename: string; format?: string },
  now = new Date(),
): Promise<string> {
  const row = await db.importRun.create({
    data: {
      filename: input.filename.slice(0, 255),
      format: input.format ?? 'auto',
      createdById: actor?.userId ?? null,
      status: 'running',
      createdAt: now,
    },
    select: { id: true },
  });
  // The database's clock, as the sweeper's: on PGlite this statement may have waited behind another
  // import's transaction, and a time taken before that wait would already look stale.
  await renew(db, row.id);
  return row.id;
}

/** Ends a run that committed nothing; a run already ended (or swept) is left as it is. */
export async function endImportRun(
  db: Db,
  id: string,
  status: Extract<ImportStatus, 'failed' | 'interrupted'>,
  failure: string,
  report: { format?: string; total?: number; errors?: unknown[] } = {},
): Promise<void> {
  await db.importRun.updateMany({
    where: { id, status: 'running' },
    data: {
      status,
      failure: failure.slice(0, 2_000),
      finishedAt: new Date(),
      ...(report.format ? { format: report.format } : {}),
      ...(report.total !== undefined ? { total: report.total } : {}),
      ...(report.errors ? { errors: report.errors as object[] } : {}),
    },
  });
}

function renew(db: Db, id: string): Promise<number> {
  return db.$executeRaw`UPDATE "ImportRun" SET "heartbeatAt" = now() WHERE id = ${id}::uuid AND status = 'running'`;
}

/** Renews the run's heartbeat until stopped; a renewal still in flight is not doubled. */
export function keepImportAlive(db: Db, id: string, everyMs = IMPORT_HEARTBEAT_MS): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    renew(db, id)
      .catch(() => {}) // the database is away: the run will be swept as interrupted, which is the truth
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
