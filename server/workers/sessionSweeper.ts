import type { AppDeps } from '../deps.js';
import { pollingWorker, type Worker } from './worker.js';
import { deleteExpiredSessions } from '../commands/auth/deleteExpiredSessions.js';
import { deleteExpiredLoginThrottles } from '../commands/auth/deleteExpiredLoginThrottles.js';

const EVERY_MS = 15 * 60_000;
const BATCH = 1_000;

/**
 * Deletes dead sessions and spent sign-in throttle rows: once at start, then every 15 minutes, a batch at a time until none is
 * left. Every process runs it; the delete skips rows another process is deleting, so running it
 * twice at once costs nothing and needs no lease.
 */
export function sessionSweeperWorker(deps: AppDeps, opts: { everyMs?: number } = {}): Worker {
  return pollingWorker(
    'sessions',
    opts.everyMs ?? EVERY_MS,
    async () => {
      const now = deps.now();
      const deleted = await deleteExpiredSessions(deps.db.prisma, deps.config.session, now, BATCH);
      if (deleted) deps.logger.info({ deleted }, 'deleted expired sessions');
      const throttles = await deleteExpiredLoginThrottles(deps.db.prisma, now, BATCH);
      if (throttles) deps.logger.info({ deleted: throttles }, 'deleted expired sign-in throttle rows');
      return deleted === BATCH || throttles === BATCH;
    },
    (err) => deps.logger.warn({ err }, 'session sweep failed; trying again later'),
  );
}
