import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppDeps } from '../deps.js';

/** Who holds a lease: host and process, plus a random part so two workers of one process never match. */
export const workerOwner = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * A background loop (generation jobs, feed polling, webhook deliveries).
 * Work lives in database rows claimed under leases, so any number of app
 * processes can run the same workers and a crash loses nothing.
 */
export interface Worker {
  readonly name: string;
  start(): void;
  /** Finish or release the current item, then resolve. */
  stop(): Promise<void>;
}

export type WorkerFactory = (deps: AppDeps) => Worker;

/** A worker that runs `tick` every `intervalMs` (sooner when it reports more work), never overlapping itself. */
export function pollingWorker(
  name: string,
  intervalMs: number,
  tick: () => Promise<boolean>,
  onError: (err: unknown) => void,
): Worker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(run, ms);
    timer.unref();
  };
  const run = () => {
    running = (async () => {
      let more = false;
      try {
        more = await tick();
      } catch (err) {
        onError(err);
      }
      schedule(more ? 0 : intervalMs);
    })();
  };
  return {
    name,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
