import type { AppDeps } from '../deps.js';
import { pollingWorker, type Worker, workerOwner } from './worker.js';
import type { LlmClient } from '../drafting/llm/index.js';
import { llmFromConfig } from '../drafting/llmFromConfig.js';
import { claimVerification } from '../drafting/verification/claimVerification.js';
import { runVerification, type VerifyOutcome } from '../drafting/verification/runVerification.js';

export interface VerificationWorkerOptions {
  /** undefined: built from config; null: no LLM, so the worker has nothing to do. */
  llm?: LlmClient | null;
  leaseMs?: number;
  pollMs?: number;
}

export interface VerificationWorker extends Worker {
  /** Claims and runs one verification if any is due; for tests and the CLI. */
  runOnce(): Promise<VerifyOutcome | null>;
  drain(): Promise<VerifyOutcome[]>;
}

/** The model verifier's queue: one job at a time per process, each asking a few sentences at once. */
export function createVerificationWorker(deps: AppDeps, opts: VerificationWorkerOptions = {}): VerificationWorker {
  const llm = opts.llm === undefined ? llmFromConfig(deps.config) : opts.llm;
  const leaseMs = opts.leaseMs ?? deps.config.leases.leaseMs;
  const owner = workerOwner();
  const logger = deps.logger.child({ worker: 'verifications', owner });
  const shutdown = new AbortController();

  async function runOnce(): Promise<VerifyOutcome | null> {
    if (!llm) return null;
    const job = await claimVerification(deps.db.prisma, owner, leaseMs);
    if (!job) return null;
    return runVerification(job, {
      db: deps.db.prisma,
      logger,
      llm,
      owner,
      leaseMs,
      concurrency: Math.min(2, deps.config.llm.concurrency),
      shutdown: shutdown.signal,
    });
  }

  const loop = pollingWorker(
    'verifications',
    opts.pollMs ?? 1_000,
    async () => (await runOnce()) !== null,
    (err) => logger.error({ err }, 'verification pass failed'),
  );

  return {
    name: 'verifications',
    runOnce,
    async drain() {
      const out: VerifyOutcome[] = [];
      for (let r = await runOnce(); r; r = await runOnce()) out.push(r);
      return out;
    },
    start() {
      // With no LLM nothing is ever enqueued; no loop polls an empty table.
      if (!llm) return;
      loop.start();
    },
    async stop() {
      shutdown.abort(new Error('shutdown'));
      await loop.stop();
    },
  };
}
