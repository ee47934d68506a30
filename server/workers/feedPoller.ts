import type { AppDeps } from '../deps.js';
import { pollingWorker, type Worker, workerOwner } from './worker.js';
import { claimDueFeeds } from '../sources/feeds/claimDueFeeds.js';
import { pollFeed } from '../commands/feeds/pollFeed.js';

const TICK_MS = 15_000;
const BATCH = 4;

/**
 * Polls due feeds. Everything it needs (schedule, validators, backoff, leases)
 * is in Feed rows, so restarts lose nothing and several processes share the work.
 */
export function feedPollerWorker(deps: AppDeps): Worker {
  const owner = workerOwner();
  const policy = { allowPrivate: deps.config.sources.allowPrivateFetch, lookup: deps.resolveHost };
  return pollingWorker(
    'feed-poller',
    TICK_MS,
    async () => {
      const ids = await claimDueFeeds(deps.db.prisma, owner, {
        now: deps.now(),
        limit: BATCH,
        hostGapSeconds: deps.config.sources.hostGapSeconds,
      });
      // Different hosts by construction, so polling them side by side is polite.
      await Promise.all(
        ids.map((id) =>
          pollFeed(deps.db.prisma, id, owner, policy, deps.now).catch((err) =>
            deps.logger.error({ err, feedId: id }, 'feed poll failed'),
          ),
        ),
      );
      return ids.length === BATCH;
    },
    (err) => deps.logger.error({ err }, 'feed poller tick failed'),
  );
}
