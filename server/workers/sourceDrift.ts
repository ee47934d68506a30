import type { AppDeps } from '../deps.js';
import type { Db } from '../db/connect.js';
import type { FetchPolicy } from '../sources/feeds/fetchFeed.js';
import type { DriftSettings } from '../sources/drift/settings.js';
import { claimDueWatches, watchPublishedSources } from '../sources/drift/watches.js';
import { checkSourceWatch, type CheckOutcome } from '../commands/sources/checkSourceWatch.js';
import { pollingWorker, type Worker, workerOwner } from './worker.js';

// Short enough that a host's next source is checked soon after its politeness gap ends.
const TICK_MS = 15_000;
// A pass stops here even if sources keep becoming due; the next tick continues.
const MAX_ROUNDS = 50;

export interface DriftPass {
  watched: number;
  checks: CheckOutcome[];
}

/**
 * One pass: watch the sources of newly published briefings, then check every due source, a batch
 * at a time (one per host, side by side). Each check has its own timeout and records its own
 * failure, so a host that hangs or sends garbage delays its batch by at most the timeout and
 * never stops the others.
 */
export async function runDriftPass(
  db: Db,
  owner: string,
  settings: DriftSettings,
  policy: FetchPolicy,
  now: () => Date,
  onError: (err: unknown, sourceId: string) => void = () => {},
): Promise<DriftPass> {
  const watched = await watchPublishedSources(db, now());
  const checks: CheckOutcome[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const ids = await claimDueWatches(db, owner, settings, now());
    if (!ids.length) break;
    const done = await Promise.all(
      ids.map((id) =>
        checkSourceWatch(db, id, owner, settings, policy, now).catch((err: unknown): CheckOutcome => {
          onError(err, id);
          return { sourceId: id, outcome: 'error', httpStatus: null, briefingIds: [], error: String(err) };
        }),
      ),
    );
    checks.push(...done);
  }
  return { watched, checks };
}

/** Re-fetches the sources of published briefings on DRIFT_CHECK_INTERVAL_MINUTES; rows hold the schedule and leases. */
export function sourceDriftWorker(deps: AppDeps): Worker {
  const owner = workerOwner();
  const policy = { allowPrivate: deps.config.sources.allowPrivateFetch, lookup: deps.resolveHost };
  return pollingWorker(
    'source-drift',
    TICK_MS,
    async () => {
      await runDriftPass(deps.db.prisma, owner, deps.config.drift, policy, deps.now, (err, sourceId) =>
        deps.logger.error({ err, sourceId }, 'source drift check failed'),
      );
      return false;
    },
    (err) => deps.logger.error({ err }, 'source drift tick failed'),
  );
}
