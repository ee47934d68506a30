import type { AppDeps } from '../deps.js';
import { pollingWorker, type Worker, workerOwner } from './worker.js';
import { claimDueSchedule } from '../publishing/claimSchedule.js';
import { publishScheduled, type ScheduledOutcome } from '../commands/publishing/publishScheduled.js';

/** A schedule goes out within about this long after its time (one indexed query per pass when idle). */
export const SCHEDULE_POLL_MS = 1000;

/**
 * One pass: claims a due schedule and publishes it. Returns null when nothing is due. No heartbeat: the
 * publish is one transaction of a few hundred ms; a worker that outlives its lease only finds, under the
 * briefing's lock, that another already published, so the lease decides who tries, never how often.
 */
export async function publishDueSchedule(
  deps: Pick<AppDeps, 'db' | 'now' | 'config' | 'views'>,
  owner: string,
): Promise<ScheduledOutcome | null> {
  const id = await claimDueSchedule(deps.db.prisma, owner, deps.now(), deps.config.leases.leaseMs);
  if (!id) return null;
  return publishScheduled(deps, id, owner);
}

/** Publishes scheduled briefings when their time comes; every app process runs it. */
export function scheduledPublisherWorker(deps: AppDeps): Worker {
  const owner = workerOwner();
  return pollingWorker(
    'scheduled-publisher',
    SCHEDULE_POLL_MS,
    async () => {
      const r = await publishDueSchedule(deps, owner);
      if (r?.outcome === 'published') deps.logger.info({ url: r.url }, 'published a scheduled briefing');
      if (r?.outcome === 'refused') deps.logger.warn({ reason: r.reason }, 'a scheduled publication was refused');
      return r !== null;
    },
    (err) => deps.logger.error({ err }, 'scheduled publishing pass failed; retrying'),
  );
}
