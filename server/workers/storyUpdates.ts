import type { AppDeps } from '../deps.js';
import { takeNamedLease } from '../db/leases.js';
import type { Db } from '../db/connect.js';
import { suggestStoryUpdates } from '../commands/publishing/suggestStoryUpdates.js';
import { pollingWorker, type Worker, workerOwner } from './worker.js';

const TICK_MS = 15_000;
/** A full pass at least this often, whatever the counts say (a source deleted and another added between ticks). */
const FULL_PASS_MS = 10 * 60_000;
/** A pass costs one collation per published briefing: one process runs it, the others stand by. */
const LEASE_MS = 2 * 60_000;

/** Moves when a source arrives or a briefing is published: the only events that can make a new development. */
async function arrivalKey(db: Db): Promise<string> {
  const [row] = await db.$queryRaw<{ sources: number | null; published: number }[]>`
    SELECT (SELECT "sources" FROM "SourceCorpus" WHERE "id" = 1) AS sources,
           (SELECT count(*)::int FROM "Briefing" WHERE "state" = 'published') AS published`;
  return `${row?.sources ?? 0}:${row?.published ?? 0}`;
}

/**
 * Announces new developments of published stories (`update_suggested`) soon after sources arrive from
 * any way in (imports, feed polls, pages, the API), without touching those paths: a pass runs when the
 * corpus count moved. One process at a time runs it (a named lease); the UpdateSuggestion key would make
 * each announcement once even if two did.
 */
export function storyUpdatesWorker(deps: AppDeps): Worker {
  const owner = workerOwner();
  let lastKey = '';
  let lastPass = 0;
  return pollingWorker(
    'story-updates',
    TICK_MS,
    async () => {
      const db = deps.db.prisma;
      // Held by whoever ticks first and renewed on each of its ticks; if it dies, another takes over.
      if (!(await takeNamedLease(db, { name: 'story-updates', owner, now: new Date(), ms: LEASE_MS }))) return false;
      const key = await arrivalKey(db);
      if (key === lastKey && Date.now() - lastPass < FULL_PASS_MS) return false;
      const pass = await suggestStoryUpdates(db, { windowDays: deps.config.storyUpdates.windowDays, now: deps.now });
      // A briefing whose look failed is looked at again on the next tick, not in ten minutes.
      if (!pass.failed.length) lastKey = key;
      lastPass = Date.now();
      if (pass.suggested.length) deps.logger.info({ suggested: pass.suggested.length }, 'story updates suggested');
      for (const f of pass.failed)
        deps.logger.error({ err: f.error, briefingId: f.briefingId }, 'story update look failed');
      return false;
    },
    (err) => deps.logger.error({ err }, 'story updates tick failed'),
  );
}
