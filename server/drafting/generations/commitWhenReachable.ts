import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../logging/logger.js';
import { isDatabaseUnavailable } from '../../db/unavailable.js';

/**
 * Commits a finished generation, holding on to it while the database is unreachable. The LLM
 * answer has been paid for: dropping it would have the job run, and be paid for, again once its
 * lease ran out. The commit itself re-checks the lease, so when the database is back it either
 * saves the result or answers 'lost' (another worker took the job meanwhile) and the result is
 * dropped. What is held is bounded: one result per running job, and a worker claims no new job
 * while a slot waits here. Errors other than "unreachable" are thrown as before; on shutdown the
 * result is let go and the job returns to the queue when its lease expires.
 */
export async function commitWhenReachable<T>(
  commit: () => Promise<T>,
  o: { log: Logger; shutdown?: AbortSignal; firstDelayMs?: number; maxDelayMs?: number },
): Promise<T | 'released'> {
  let delay = o.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await commit();
      if (attempt > 1) o.log.info({ attempt, outcome }, 'database back: finished generation committed');
      return outcome;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      if (o.shutdown?.aborted) return 'released';
      o.log.warn(
        { attempt, retryInMs: delay, error: err instanceof Error ? err.message : String(err) },
        'database unavailable when saving a finished generation: keeping the finished result and retrying',
      );
      try {
        await sleep(delay, undefined, { signal: o.shutdown });
      } catch {
        return 'released';
      }
      delay = Math.min(delay * 2, o.maxDelayMs ?? 10_000);
    }
  }
}
