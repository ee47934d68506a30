import type { Db } from '../../db/connect.js';
import { IMPORT_STALE_MS } from '../../sources/imports/runRecord.js';

/**
 * Marks as interrupted every run whose importer stopped renewing its heartbeat. Runs from
 * before heartbeats (null) count as stale too. Returns how many were marked.
 */
export async function interruptStaleImports(db: Db, now?: Date, staleMs = IMPORT_STALE_MS): Promise<number> {
  // The database's clock unless told otherwise (tests): heartbeats are written with it.
  return db.$executeRaw`
    UPDATE "ImportRun"
       SET status = 'interrupted', "finishedAt" = coalesce(${now ?? null}::timestamptz, now()), failure = ${FAILURE}
     WHERE status = 'running'
       AND ("heartbeatAt" IS NULL
            OR "heartbeatAt" < coalesce(${now ?? null}::timestamptz, now()) - make_interval(secs => ${staleMs / 1000}))`;
}

const FAILURE =
  'The import stopped before it finished (its process or its database went away); nothing from it was committed. Import the file again.';
