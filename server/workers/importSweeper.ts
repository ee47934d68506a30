import type { AppDeps } from '../deps.js';
import { pollingWorker, type Worker } from './worker.js';
import { interruptStaleImports } from '../commands/sources/interruptStaleImports.js';
import { IMPORT_STALE_MS } from '../sources/imports/runRecord.js';

const EVERY_MS = 15_000;

/**
 * Marks imports whose process died (kill -9, crash, lost database) as interrupted: at start, then
 * every 15 s. Their transaction died with them, so there is nothing to undo, only the record to
 * tell the truth. Every process runs it; marking a run twice is a no-op.
 */
export function importSweeperWorker(deps: AppDeps, opts: { everyMs?: number; staleMs?: number } = {}): Worker {
  return pollingWorker(
    'imports',
    opts.everyMs ?? EVERY_MS,
    async () => {
      const interrupted = await interruptStaleImports(deps.db.prisma, undefined, opts.staleMs ?? IMPORT_STALE_MS);
      if (interrupted) deps.logger.warn({ interrupted }, 'marked imports whose process stopped as interrupted');
      return false;
    },
    (err) => deps.logger.warn({ err }, 'import sweep failed; trying again later'),
  );
}
