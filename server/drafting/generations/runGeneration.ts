import type { Db } from '../../db/connect.js';
import type { Logger } from '../../logging/logger.js';
import { isAppError } from '../../errors/AppError.js';
import { isDraftSection } from '../draftSchema.js';
import { isLlmError, type LlmClient } from '../llm/index.js';
import { templateVersion } from '../../../prompts/templateVersion.js';
import { loadDraftInputs } from '../briefings/loadDraftInputs.js';
import { appendPartial, heartbeat, writePartial, type ClaimedGeneration } from './claimGeneration.js';
import { headTail } from '../../util/headTail.js';
import { cleanExternal } from '../../sources/text/cleanExternal.js';
import type { DeltaInfo } from '../llm/index.js';
import { completeGeneration } from './completeGeneration.js';
import { commitWhenReachable } from './commitWhenReachable.js';
import { endUnsuccessfully, releaseGeneration } from './finishGeneration.js';
import { produceDraft, toProducedStats, type JobSpec } from './produceDraft.js';
import type { OfflineStyle } from '../offline/offlineDrafter.js';
import { generationChanged } from './wakeup.js';
import { prepareSource } from '../../grounding/index.js';
import { enqueueAfterGeneration } from '../verification/enqueueVerification.js';

/**
 * Raw and partial model output as stored: bounded (head and tail), then without what PostgreSQL
 * cannot store (a NUL fails the whole write; an unpaired surrogate becomes U+FFFD). Its fields'
 * changes are reported with the draft (produceDraft); the raw text is the model's own, kept as is
 * otherwise.
 */
const storableRaw = (text: string, max: number) => cleanExternal(headTail(text, max)).text;

export interface RunOptions {
  db: Db;
  logger: Logger;
  llm: LlmClient | null;
  owner: string;
  leaseMs: number;
  /** How often the streamed text so far is written for SSE subscribers. */
  partialEveryMs?: number;
  /** How often we check for a cancel request (and extend the lease). */
  watchEveryMs?: number;
  /** Aborted by the worker on shutdown: the job goes back to the queue. */
  shutdown?: AbortSignal;
  /** Settings of the offline drafter (no LLM); its defaults otherwise. */
  offlineStyle?: OfflineStyle;
  /** The clock the saved revision and events are stamped with (the demo's history replays weeks). */
  now?: () => Date;
  /** Output bound (LLM_MAX_OUTPUT_TOKENS, else each template's) and what is stored of an answer (head and tail). */
  output?: { maxOutputTokens?: number; storedChars: number };
}

/** Default for callers that pass no configuration (the demo's history, tests). */
const STORED_CHARS = 65_536;

export type RunOutcome = 'succeeded' | 'failed' | 'cancelled' | 'released' | 'lost';

type StopReason = 'cancel' | 'lost' | 'shutdown';

const PROMPT_KIND = { draft: 'draft', regenerate: 'regenerate', regenerate_section: 'regenerateSection' } as const;

/** Runs one claimed generation to an end state. Never throws for a job's own failure. */
export async function runGeneration(job: ClaimedGeneration, o: RunOptions): Promise<RunOutcome> {
  const log = o.logger.child({ generationId: job.id, briefingId: job.briefingId, attempt: job.attempts });
  const fail = async (
    code: string,
    message: string,
    extra: { raw?: string | null; stats?: ReturnType<typeof toProducedStats> | null } = {},
  ) => ((await endUnsuccessfully(o.db, job, o.owner, 'failed', { code, message, ...extra })) ? 'failed' : 'lost');

  const ended = (outcome: RunOutcome) => {
    generationChanged(job.id);
    return outcome;
  };
  if (job.attempts > job.maxAttempts) {
    return ended(
      await fail(
        'worker_lost',
        `The generation was interrupted ${job.maxAttempts} times (a worker stopped mid-run) and was given up.`,
      ),
    );
  }
  if (job.cancelRequested) {
    return ended(
      (await endUnsuccessfully(o.db, job, o.owner, 'cancelled', { code: 'cancelled', message: 'Cancelled.' }))
        ? 'cancelled'
        : 'lost',
    );
  }

  generationChanged(job.id); // claimed: running
  const ctl = new AbortController();
  let stopReason: StopReason | null = null;
  const stop = (why: StopReason) => {
    if (stopReason) return;
    stopReason = why;
    ctl.abort(new Error(why));
  };
  const onShutdown = () => stop('shutdown');
  if (o.shutdown?.aborted) onShutdown();
  o.shutdown?.addEventListener('abort', onShutdown, { once: true });

  // Lease heartbeat and cancel check in one cheap UPDATE.
  const watchMs = o.watchEveryMs ?? Math.max(250, Math.min(1_000, Math.floor(o.leaseMs / 3)));
  let lastBeat = Date.now();
  const watcher = setInterval(() => {
    void heartbeat(o.db, job.id, o.owner, o.leaseMs).then(
      (r) => {
        lastBeat = Date.now();
        if (!r) stop('lost');
        else if (r.cancelRequested) stop('cancel');
      },
      (err) => {
        log.warn({ err }, 'generation heartbeat failed');
        // Without a heartbeat the lease runs out and another worker will start over; stop paying for this run.
        if (Date.now() - lastBeat > o.leaseMs) stop('lost');
      },
    );
  }, watchMs);
  watcher.unref();

  // Throttled writes of the streamed text: at most one in flight, at most every partialEveryMs.
  // Each write appends only what streamed in since the last one; the row never holds more than
  // storedChars (past that it is rewritten as head and tail, a bounded write, and the stream
  // itself stops at the output bound soon after).
  const storedChars = o.output?.storedChars ?? STORED_CHARS;
  const partialMs = o.partialEveryMs ?? 250;
  let latest: { text: string; request: number } | null = null;
  const written = { request: -1, length: 0, exact: true };
  let lastWrite = 0;
  // Set by the flush callback; typed by assertion so the awaits below do not narrow it to null.
  let inFlight = null as Promise<void> | null;
  let timer: NodeJS.Timeout | null = null;
  const upToDate = () =>
    latest === null || (latest.request === written.request && latest.text.length === written.length);
  const flush = () => {
    timer = null;
    if (inFlight || latest === null || upToDate()) return;
    const { text, request } = latest;
    const canAppend =
      request === written.request && written.exact && text.length >= written.length && text.length <= storedChars;
    lastWrite = Date.now();
    const write = canAppend
      ? appendPartial(o.db, job.id, o.owner, cleanExternal(text.slice(written.length)).text)
      : writePartial(o.db, job.id, o.owner, storableRaw(text, storedChars));
    inFlight = write
      .then(() => {
        Object.assign(written, { request, length: text.length, exact: text.length <= storedChars });
        generationChanged(job.id);
      })
      .catch((err) => {
        // The stored text may or may not have the tail now: start over with a whole (bounded) write.
        written.request = -1;
        log.warn({ err }, 'could not store partial output');
      })
      .finally(() => {
        inFlight = null;
        if (!upToDate() && !timer) timer = setTimeout(flush, Math.max(0, partialMs - (Date.now() - lastWrite)));
      });
  };
  const onDelta = (text: string, info: DeltaInfo) => {
    latest = { text, request: info.request };
    if (timer || inFlight) return;
    timer = setTimeout(flush, Math.max(0, partialMs - (Date.now() - lastWrite)));
  };

  const spec: JobSpec = {
    kind: job.kind,
    section: isDraftSection(job.section) ? job.section : null,
    instructions: job.instructions,
  };
  try {
    const t0 = performance.now();
    const inputs = await loadDraftInputs(o.db, job.briefingId);
    // Index the sources for the grounding check while the model is writing (the request goes
    // out first): indexing and cutting them into passages is most of the check's cost.
    const warm = setImmediate(() => inputs.grounding.sources.forEach(prepareSource));
    const t1 = performance.now();
    const result = await produceDraft(spec, inputs, o.llm, {
      signal: ctl.signal,
      onDelta,
      offlineStyle: o.offlineStyle,
      maxOutputTokens: o.output?.maxOutputTokens,
    });
    const t2 = performance.now();
    clearImmediate(warm);
    if (timer) clearTimeout(timer);
    await inFlight;
    if (stopReason === 'shutdown') {
      await releaseGeneration(o.db, job, o.owner);
      return 'released';
    }
    // The answer is paid for: a database outage now delays its commit instead of discarding it.
    const stored = { ...result, raw: storableRaw(result.raw, storedChars) };
    const outcome = await commitWhenReachable(() => completeGeneration(o.db, job, o.owner, inputs, stored, o.now?.()), {
      log,
      shutdown: o.shutdown,
    });
    const ms = (a: number, b: number) => Math.round(b - a);
    log.info(
      {
        outcome,
        model: result.stats.model,
        llmLatencyMs: result.stats.latencyMs,
        ttftMs: result.stats.timeToFirstTokenMs,
        timings: { loadMs: ms(t0, t1), produceMs: ms(t1, t2), saveMs: ms(t2, performance.now()) },
      },
      'generation finished',
    );
    // A model verifier only when a model is configured (the offline drafter has none to ask). The
    // revision is committed by now; a lost enqueue costs a second opinion, never the draft.
    if (outcome === 'succeeded' && o.llm) {
      await enqueueAfterGeneration(o.db, job.id).catch((err) => log.warn({ err }, 'could not queue verification'));
    }
    return outcome;
  } catch (err) {
    if (timer) clearTimeout(timer);
    await inFlight;
    const reason = stopReason as StopReason | null;
    if (reason === 'lost') {
      log.warn('generation lease lost; another worker owns it now');
      return 'lost';
    }
    if (reason === 'shutdown') {
      await releaseGeneration(o.db, job, o.owner);
      return 'released';
    }
    const version = o.llm ? templateVersion(PROMPT_KIND[job.kind]) : null;
    const stats = isLlmError(err) && err.stats ? toProducedStats(err.stats, version) : null;
    const streamed = (latest as { text: string } | null)?.text ?? null;
    const rawText = isLlmError(err) ? (err.raw ?? streamed) : streamed;
    const raw = rawText == null ? null : storableRaw(rawText, storedChars);
    if (reason === 'cancel') {
      return (await endUnsuccessfully(o.db, job, o.owner, 'cancelled', {
        code: 'cancelled',
        message: 'Cancelled by an editor.',
        raw,
        stats,
      }))
        ? 'cancelled'
        : 'lost';
    }
    if (isLlmError(err)) {
      log.warn({ failure: err.failure, detail: err.detail }, 'generation failed');
      return fail(err.failure, err.detail, { raw, stats });
    }
    if (isAppError(err)) return fail(err.code, err.detail, { raw, stats });
    log.error({ err }, 'generation crashed');
    return fail('internal_error', 'The generation failed because of an internal error; it has been logged.', {
      raw,
      stats,
    });
  } finally {
    clearInterval(watcher);
    o.shutdown?.removeEventListener('abort', onShutdown);
    // Every end state above has been committed by now.
    generationChanged(job.id);
  }
}
