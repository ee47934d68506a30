import { setMaxListeners } from 'node:events';
import type { AppDeps } from '../deps.js';
import type { Worker } from './worker.js';
import type { LlmClient } from '../drafting/llm/index.js';
import { llmFromConfig } from '../drafting/llmFromConfig.js';
import { claimGeneration } from '../drafting/generations/claimGeneration.js';
import { runGeneration, type RunOutcome } from '../drafting/generations/runGeneration.js';
import { onGenerationWake } from '../drafting/generations/wakeup.js';
import { workerOwner } from './worker.js';

export interface GenerationWorkerOptions {
  /** undefined: built from config; null: the offline drafter. */
  llm?: LlmClient | null;
  leaseMs?: number;
  /** Generations this process runs at once (default: OPENAI_CONCURRENCY, or 2 offline). */
  slots?: number;
  /** Idle wait between looks at the queue. */
  pollMs?: number;
  partialEveryMs?: number;
  /** How long stop() lets running generations finish before handing them back to the queue. */
  stopGraceMs?: number;
}

export interface GenerationWorker extends Worker {
  readonly owner: string;
  /** Claims and runs one generation if any is due; for tests and the CLI. */
  runOnce(): Promise<RunOutcome | null>;
  /** Runs due generations until the queue is empty. */
  drain(): Promise<RunOutcome[]>;
}

export function createGenerationWorker(deps: AppDeps, opts: GenerationWorkerOptions = {}): GenerationWorker {
  const llm = opts.llm === undefined ? llmFromConfig(deps.config) : opts.llm;
  const leaseMs = opts.leaseMs ?? deps.config.leases.leaseMs;
  // The heartbeat also picks up cancel requests, so it beats at least every second.
  const watchEveryMs = Math.min(1_000, deps.config.leases.heartbeatMs, Math.floor(leaseMs / 3));
  const output = { maxOutputTokens: deps.config.llm.maxOutputTokens, storedChars: deps.config.llm.storedOutputChars };
  const slots = opts.slots ?? (llm ? deps.config.llm.concurrency : 2);
  const pollMs = opts.pollMs ?? 1_000;
  // Unique per worker, readable in the table: which host and process holds a lease.
  const owner = workerOwner();
  const logger = deps.logger.child({ worker: 'generations', owner });
  const shutdown = new AbortController();
  // Every running job listens for shutdown; there are as many as there are slots.
  setMaxListeners(0, shutdown.signal);
  const running = new Set<Promise<unknown>>();
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let claiming = false;
  let again = false;
  let unsubscribe: (() => void) | undefined;

  const runOpts = () => ({
    db: deps.db.prisma,
    logger,
    llm,
    owner,
    leaseMs,
    watchEveryMs,
    output,
    partialEveryMs: opts.partialEveryMs,
    shutdown: shutdown.signal,
  });

  async function runOnce(): Promise<RunOutcome | null> {
    const job = await claimGeneration(deps.db.prisma, owner, leaseMs);
    if (!job) return null;
    return runGeneration(job, runOpts());
  }

  async function drain(): Promise<RunOutcome[]> {
    const out: RunOutcome[] = [];
    for (let r = await runOnce(); r; r = await runOnce()) out.push(r);
    return out;
  }

  /** Fills free slots with claimed jobs; each finished job looks for the next one at once. */
  async function fill(): Promise<void> {
    if (stopped) return;
    if (claiming) {
      again = true; // a job enqueued while we were looking may have been missed
      return;
    }
    claiming = true;
    again = false;
    try {
      while (!stopped && running.size < slots) {
        const job = await claimGeneration(deps.db.prisma, owner, leaseMs);
        if (!job) break;
        const p = runGeneration(job, runOpts())
          .catch((err) => logger.error({ err, generationId: job.id }, 'generation run crashed'))
          .finally(() => {
            running.delete(p);
            void fill();
          });
        running.add(p);
      }
    } catch (err) {
      logger.error({ err }, 'could not claim a generation');
    } finally {
      claiming = false;
    }
    if (again) await fill();
  }

  const loop = () => {
    if (stopped) return;
    void fill().finally(() => {
      if (stopped) return;
      timer = setTimeout(loop, pollMs);
      timer.unref();
    });
  };

  return {
    name: 'generations',
    owner,
    runOnce,
    drain,
    start() {
      if (!stopped) return;
      stopped = false;
      unsubscribe = onGenerationWake(() => void fill());
      loop();
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      if (timer) clearTimeout(timer);
      if (running.size === 0) return;
      const grace = new Promise<void>((resolve) => setTimeout(resolve, opts.stopGraceMs ?? 10_000).unref());
      await Promise.race([Promise.all(running), grace]);
      shutdown.abort(new Error('shutdown'));
      await Promise.all(running);
    },
  };
}
