import type { Db } from '../../db/connect.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Logger } from '../../logging/logger.js';
import type { SentenceAlignment } from '../../grounding/types.js';
import { readReport } from '../../review/grounding.js';
import { buildVerifyPrompt, verifyPromptVersion } from '../../../prompts/verify/buildVerifyPrompt.js';
import { isLlmError, type LlmClient } from '../llm/index.js';
import { addUsage, emptyUsage, type LlmUsage } from '../llm/types.js';
import { extendVerificationLease, releaseVerification, type ClaimedVerification } from './claimVerification.js';
import { locateEvidence } from './locateEvidence.js';
import { verdictKey } from './verdictKey.js';
import { ModelVerdictSchema, VERDICT_SCHEMA_NAME } from './verdictSchema.js';
import { cleanExternal } from '../../sources/text/cleanExternal.js';

export interface VerifyRunOptions {
  db: Db;
  logger: Logger;
  llm: LlmClient;
  owner: string;
  leaseMs: number;
  /** Questions in flight at once for this job (the client's own limit applies on top). */
  concurrency?: number;
  /** Aborted on shutdown: the job goes back to the queue. */
  shutdown?: AbortSignal;
}

export type VerifyOutcome = 'succeeded' | 'failed' | 'released' | 'lost';

/** One alignment's outcome, kept on the job: where its verdict is cached, or why there is none. */
export interface VerificationResult {
  alignmentId: string;
  key: string;
  error?: { code: string; message: string };
}

// Failures of one answer; anything else (timeout, 5xx after retries, unreachable, auth) is the
// server's, and asking the remaining sentences would only repeat it, once per sentence.
const PER_SENTENCE = new Set(['invalid_output', 'refusal', 'length']);

interface Tally {
  usage: LlmUsage;
  costUsd: number | null;
  latencyMs: number;
}

/** Runs one claimed verification to an end state. Never throws for a job's own failure. */
export async function runVerification(job: ClaimedVerification, o: VerifyRunOptions): Promise<VerifyOutcome> {
  const log = o.logger.child({ verificationId: job.id, revisionId: job.revisionId, attempt: job.attempts });
  const model = o.llm.model;
  const promptVersion = verifyPromptVersion();
  const finish = async (data: Prisma.VerificationUpdateManyMutationInput): Promise<boolean> => {
    const n = await o.db.verification.updateMany({
      where: { id: job.id, leaseOwner: o.owner, status: 'running' },
      data: { ...data, model, promptVersion, finishedAt: new Date(), leaseOwner: null, leaseExpiresAt: null },
    });
    return n.count > 0;
  };
  if (job.attempts > job.maxAttempts) {
    const ok = await finish({
      status: 'failed',
      errorCode: 'worker_lost',
      error: `The verification was interrupted ${job.maxAttempts} times and was given up.`,
    });
    return ok ? 'failed' : 'lost';
  }

  const ctl = new AbortController();
  let stop: 'lost' | 'shutdown' | null = null;
  const onShutdown = () => {
    stop ??= 'shutdown';
    ctl.abort(new Error('shutdown'));
  };
  if (o.shutdown?.aborted) onShutdown();
  o.shutdown?.addEventListener('abort', onShutdown, { once: true });
  const beat = setInterval(
    () => {
      void extendVerificationLease(o.db, job.id, o.owner, o.leaseMs).then(
        (mine) => {
          if (!mine) {
            stop ??= 'lost';
            ctl.abort(new Error('lost'));
          }
        },
        (err) => log.warn({ err }, 'verification heartbeat failed'),
      );
    },
    Math.max(250, Math.floor(o.leaseMs / 3)),
  );
  beat.unref();

  try {
    const revision = await o.db.revision.findUnique({
      where: { id: job.revisionId },
      select: {
        grounding: true,
        briefing: { select: { sources: { select: { source: { select: { id: true, title: true } } } } } },
      },
    });
    const titles = new Map(revision?.briefing.sources.map((l) => [l.source.id, l.source.title]) ?? []);
    // Only sentences with a passage: "no supporting passage" is already the deterministic check's flag,
    // and the question asked is always "does this passage bear this sentence out?".
    const alignments = readReport(revision?.grounding).alignments.filter((a) => a.passages.length > 0);
    const results: VerificationResult[] = alignments.map((a) => ({
      alignmentId: a.id,
      key: verdictKey(a, model, promptVersion),
    }));
    const keys = [...new Set(results.map((r) => r.key))];
    const cached = new Set(
      (await o.db.verifierVerdict.findMany({ where: { key: { in: keys } }, select: { key: true } })).map((r) => r.key),
    );
    const todo = new Map<string, SentenceAlignment>();
    alignments.forEach((a, i) => {
      if (!cached.has(results[i].key) && !todo.has(results[i].key)) todo.set(results[i].key, a);
    });

    const tally: Tally = { usage: emptyUsage(), costUsd: null, latencyMs: 0 };
    const errors = new Map<string, { code: string; message: string }>();
    let systemic: { code: string; message: string } | null = null;
    const queue = [...todo.entries()];
    const ask = async () => {
      for (let next = queue.shift(); next && !stop; next = queue.shift()) {
        const [key, a] = next;
        if (systemic) {
          errors.set(key, { code: systemic.code, message: `Not asked: ${systemic.message}` });
          continue;
        }
        try {
          await verifyOne(o, a, key, model, promptVersion, tally, titles, ctl.signal);
        } catch (err) {
          if (stop) return;
          if (!isLlmError(err)) throw err;
          if (err.stats) addStats(tally, err.stats);
          const e = { code: err.code, message: err.detail };
          errors.set(key, e);
          if (!PER_SENTENCE.has(err.failure)) systemic ??= e;
          log.warn({ failure: err.failure, detail: err.detail }, 'verifier could not answer for a sentence');
        }
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 2, todo.size)) }, ask));
    if (stop === 'shutdown') {
      await releaseVerification(o.db, job.id, o.owner);
      return 'released';
    }
    if (stop === 'lost') return 'lost';

    for (const r of results) {
      const e = errors.get(r.key);
      if (e) r.error = e;
    }
    const failed = results.filter((r) => r.error).length;
    const first = results.find((r) => r.error)?.error;
    const ok = await finish({
      status: failed ? 'failed' : 'succeeded',
      errorCode: first ? first.code : null,
      error: first
        ? `${failed} of ${results.length} sentence${results.length === 1 ? '' : 's'} could not be verified: ${first.message}`
        : null,
      sentences: results.length,
      cached: results.filter((r) => cached.has(r.key)).length,
      asked: todo.size,
      failed,
      promptTokens: tally.usage.promptTokens,
      completionTokens: tally.usage.completionTokens,
      cachedTokens: tally.usage.cachedTokens,
      costUsd: tally.costUsd,
      latencyMs: Math.round(performance.now() - t0),
      results: results as unknown as Prisma.InputJsonValue,
    });
    log.info({ sentences: results.length, asked: todo.size, failed }, 'verification finished');
    return ok ? (failed ? 'failed' : 'succeeded') : 'lost';
  } catch (err) {
    if (stop === 'shutdown') {
      await releaseVerification(o.db, job.id, o.owner);
      return 'released';
    }
    log.error({ err }, 'verification crashed');
    const ok = await finish({
      status: 'failed',
      errorCode: 'internal_error',
      error: 'The verification failed because of an internal error; it has been logged.',
    }).catch(() => false);
    return ok ? 'failed' : 'lost';
  } finally {
    clearInterval(beat);
    o.shutdown?.removeEventListener('abort', onShutdown);
  }
}

function addStats(t: Tally, s: { usage: LlmUsage; costUsd: number | null; latencyMs: number }) {
  t.usage = addUsage(t.usage, s.usage);
  if (s.costUsd != null) t.costUsd = Math.round(((t.costUsd ?? 0) + s.costUsd) * 1e6) / 1e6;
  t.latencyMs += s.latencyMs;
}

/** Asks about one sentence and caches the answer under its key. */
async function verifyOne(
  o: VerifyRunOptions,
  a: SentenceAlignment,
  key: string,
  model: string,
  promptVersion: string,
  tally: Tally,
  titles: Map<string, string>,
  signal: AbortSignal,
): Promise<void> {
  const prompt = buildVerifyPrompt({
    sentence: a.text,
    passages: a.passages.map((p) => ({
      id: `S${p.sourceNumber}`,
      title: titles.get(p.sourceId) ?? '',
      text: p.text,
    })),
  });
  const { output, stats } = await o.llm.generateDraft({
    messages: prompt.messages,
    schema: ModelVerdictSchema,
    schemaName: VERDICT_SCHEMA_NAME,
    maxOutputTokens: prompt.maxOutputTokens,
    signal,
  });
  addStats(tally, stats);
  const evidence = locateEvidence(a.passages, output.source, output.evidence);
  const row = {
    model,
    promptVersion,
    verdict: output.verdict,
    evidence: (evidence ?? undefined) as Prisma.InputJsonValue | undefined,
    // Model output is text from outside: a NUL or a lone surrogate would make the row unstorable.
    note: cleanExternal(output.explanation).text.trim() || null,
    promptTokens: stats.usage.promptTokens,
    completionTokens: stats.usage.completionTokens,
    cachedTokens: stats.usage.cachedTokens,
    costUsd: stats.costUsd,
    latencyMs: stats.latencyMs,
  };
  // Another job may have asked the same question meanwhile: the first answer stays.
  await o.db.verifierVerdict.upsert({ where: { key }, create: { key, ...row }, update: {} });
}
