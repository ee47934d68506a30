import type { Db } from '../../db/connect.js';
import { IMPORT_STALE_MS } from '../../sources/imports/runRecord.js';

/**
 * Marks as interrupted every run whose importer stopped renewing its heartbeat. Runs from
 * before heartbeats (null) count as stale too. Returns how many were marked.
 */
export async function interruptStaleImports(db: Db, now = new Date(), staleMs = IMPORT_STALE_MS): Promise<number> {
  const cutoff = new Date(now.getTime() - staleMs);
  const r = await db.importRun.updateMany({
    where: { status: 'running', OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: cutoff } }] },
    data: {
      status: 'interrupted',
      finishedAt: now,
      failure:
        'The import stopped before it finished (its process or its database went away); nothing from it was committed. Import the file again.',
    },
  });
  return r.count;
}
