/**
 * The drafting LLM client: streamed chat completions with a strict
 * json_schema response format, local re-validation, one repair round, bounded
 * retries, a concurrency limit and per-call usage/cost/latency.
 *
 * Pointing it at a server
 * - OpenAI: apiKey only (baseURL defaults to https://api.openai.com/v1).
 * - OpenAI-compatible servers via baseURL (the key is ignored by most; any
 *   non-empty string is sent if none is configured):
 *     Ollama     http://localhost:11434/v1   model e.g. "llama3.1:8b"
 *     vLLM       http://localhost:8000/v1    model = the served model name
 *     llama.cpp  http://localhost:8080/v1    (llama-server; model name is informational)
 *     LM Studio  http://localhost:1234/v1
 *   They need support for `response_format: {type: "json_schema"}` and, for
 *   token counts, `stream_options.include_usage`; without usage the counts are 0.
 *   Servers with no prefix cache report no cached tokens, which is recorded as 0.
 * - Azure OpenAI: set apiVersion (e.g. "2024-10-21"); baseURL is the resource
 *   endpoint (https://<resource>.openai.azure.com) and model is the deployment
 *   name. The AzureOpenAI class from the openai package is then used.
 *
 * Retries are ours, not the SDK's (its maxRetries is 0), so waits honour
 * Retry-After with a cap, can be cancelled, and release the concurrency slot.
 */
import OpenAI, { AzureOpenAI } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { z } from 'zod';
import { classifyAttemptError } from './classifyError.js';
import { LlmError } from './errors.js';
import { parseOutput, repairInstruction } from './parseOutput.js';
import { costUsd, findPrice } from './pricing.js';
import { DEFAULT_RETRY, backoffMs, sleep, type RetryPolicy } from './retryPolicy.js';
import { Semaphore } from './semaphore.js';
import { AttemptFailed, streamCompletion, type AttemptResult } from './streamCompletion.js';
import { addUsage, emptyUsage, type GenerationStats, type PriceTable } from './types.js';

export interface LlmClientConfig {
  model: string;
  apiKey?: string;
  baseURL?: string;
  /** Azure OpenAI API version; when set the client talks to Azure (see above). */
  apiVersion?: string;
  /** Deadline for one HTTP attempt, from sending to the last streamed token. */
  timeoutMs?: number;
  /** Retries after 429 / 5xx / connection failures, per request (the repair request has its own). */
  maxRetries?: number;
  /** Requests in flight at once from this client; further calls queue. */
  concurrency?: number;
  prices?: PriceTable;
  /** Backoff tuning; tests shorten it. */
  retry?: Partial<Omit<RetryPolicy, 'maxRetries'>>;
  maxOutputTokens?: number;
  temperature?: number;
  /** Extra headers, e.g. for a gateway in front of the model server. */
  defaultHeaders?: Record<string, string>;
}

export interface DeltaInfo {
  phase: 'draft' | 'repair';
  /** Increments when a retry restarts the text from empty. */
  request: number;
}

export interface GenerateOptions<T> {
  messages: ChatCompletionMessageParam[];
  schema: z.ZodType<T>;
  /** json_schema name sent to the provider ([a-zA-Z0-9_-]). */
  schemaName?: string;
  /** Called with the whole text so far on every streamed token. */
  onDelta?: (accumulated: string, info: DeltaInfo) => void;
  /** Sent as max_completion_tokens (else the client's maxOutputTokens); the stream is also cut past it. */
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

export interface GenerationResult<T> {
  output: T;
  /** The exact text the accepted output was parsed from. */
  raw: string;
  stats: GenerationStats;
}

export interface LlmClient {
  readonly model: string;
  generateDraft<T>(opts: GenerateOptions<T>): Promise<GenerationResult<T>>;
  /** Requests running and waiting for a slot, for metrics and the bench. */
  load(): { active: number; waiting: number };
}

const DEFAULTS = { timeoutMs: 120_000, maxRetries: 3, concurrency: 4 };

/**
 * Characters one output token may stand for before we stop reading. Tokens
 * average about four characters of English or JSON; twice that leaves room for
 * long words and whitespace runs, and still stops a server that ignores
 * max_completion_tokens (or streams forever) at a known size.
 */
export const CHARS_PER_TOKEN_BOUND = 8;

const fmt = (n: number) => n.toLocaleString('en-US');

function makeSdk(cfg: LlmClientConfig, timeoutMs: number): OpenAI {
  // Our AbortController enforces timeoutMs; the SDK's own timer is a backstop only.
  const common = {
    apiKey: cfg.apiKey || 'not-needed',
    maxRetries: 0,
    timeout: timeoutMs + 5_000,
    defaultHeaders: cfg.defaultHeaders,
  };
  if (cfg.apiVersion) {
    return new AzureOpenAI({ ...common, endpoint: cfg.baseURL, apiVersion: cfg.apiVersion, deployment: cfg.model });
  }
  return new OpenAI({ ...common, baseURL: cfg.baseURL || undefined });
}

export function createLlmClient(cfg: LlmClientConfig): LlmClient {
  if (!cfg.model) throw new Error('createLlmClient needs a model name');
  const timeoutMs = cfg.timeoutMs ?? DEFAULTS.timeoutMs;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...cfg.retry, maxRetries: cfg.maxRetries ?? DEFAULTS.maxRetries };
  const slots = new Semaphore(cfg.concurrency ?? DEFAULTS.concurrency);
  const sdk = makeSdk(cfg, timeoutMs);
  const prices = cfg.prices ?? {};

  async function generateDraft<T>(opts: GenerateOptions<T>): Promise<GenerationResult<T>> {
    const started = performance.now();
    const responseFormat = zodResponseFormat(opts.schema, opts.schemaName ?? 'briefing_draft');
    const maxTokens = opts.maxOutputTokens ?? cfg.maxOutputTokens;
    const maxChars = maxTokens ? maxTokens * CHARS_PER_TOKEN_BOUND : Infinity;
    const acc = {
      usage: emptyUsage(),
      queuedMs: 0,
      requests: 0,
      firstSent: null as number | null,
      firstToken: null as number | null,
      responseModel: null as string | null,
      repaired: false,
    };

    const stats = (): GenerationStats => ({
      model: cfg.model,
      responseModel: acc.responseModel,
      usage: acc.usage,
      costUsd: costUsd(acc.usage, findPrice(prices, cfg.model, acc.responseModel)),
      latencyMs: Math.round(performance.now() - started),
      queuedMs: Math.round(acc.queuedMs),
      timeToFirstTokenMs:
        acc.firstSent != null && acc.firstToken != null ? Math.round(acc.firstToken - acc.firstSent) : null,
      requests: acc.requests,
      repaired: acc.repaired,
    });

    /** One logical request with its bounded retries; returns a finished stream. */
    async function request(messages: ChatCompletionMessageParam[], phase: DeltaInfo['phase']): Promise<AttemptResult> {
      const body: ChatCompletionCreateParamsStreaming = {
        model: cfg.model,
        messages,
        response_format: responseFormat,
        stream: true,
        stream_options: { include_usage: true },
        ...(maxTokens ? { max_completion_tokens: maxTokens } : {}),
        ...(cfg.temperature != null ? { temperature: cfg.temperature } : {}),
      };
      for (let attempt = 0; ; attempt++) {
        const queuedAt = performance.now();
        let release: () => void; // idempotent
        try {
          release = await slots.acquire(opts.signal);
        } catch (e) {
          throw new LlmError('aborted', 'The generation was cancelled.', { cause: e });
        }
        acc.queuedMs += performance.now() - queuedAt;

        const ctl = new AbortController();
        let why: 'timeout' | 'aborted' | null = null;
        const onCallerAbort = () => {
          why ??= 'aborted';
          ctl.abort(opts.signal?.reason);
        };
        if (opts.signal?.aborted) onCallerAbort();
        opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
        const timer = setTimeout(() => {
          why ??= 'timeout';
          ctl.abort(new Error('timeout'));
        }, timeoutMs);

        acc.requests++;
        acc.firstSent ??= performance.now();
        const info: DeltaInfo = { phase, request: acc.requests };
        try {
          const res = await streamCompletion(
            sdk,
            body,
            ctl.signal,
            (text) => {
              try {
                opts.onDelta?.(text, info);
              } catch {
                // A broken listener (e.g. a closed browser tab) must not fail the generation.
              }
            },
            maxChars,
          );
          if (res.usage) acc.usage = addUsage(acc.usage, res.usage);
          acc.responseModel ??= res.responseModel;
          acc.firstToken ??= res.firstTokenAt;
          if (why) throw new AttemptFailed(new Error(why), res.content, true);
          return res;
        } catch (e) {
          const failed = e instanceof AttemptFailed ? e : new AttemptFailed(e, '', false);
          const c = classifyAttemptError(failed, why, { model: cfg.model, timeoutMs });
          const retryAfterTooLong = c.waitMs != null && c.waitMs > retry.maxRetryAfterMs;
          if (!c.retryable || attempt >= retry.maxRetries || retryAfterTooLong) throw c.error;
          release(); // free the slot while we wait
          const wait = c.waitMs ?? backoffMs(attempt, retry);
          try {
            await sleep(wait, opts.signal);
          } catch (abortErr) {
            throw new LlmError('aborted', 'The generation was cancelled.', { cause: abortErr });
          }
        } finally {
          clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onCallerAbort);
          release();
        }
      }
    }

    /** Turns a finished stream into a value, or says why it cannot be one. */
    function judge(res: AttemptResult): { value: T } | { problems: string[] } {
      if (res.refusal || res.finishReason === 'content_filter') {
        throw new LlmError(
          'refusal',
          `The model declined to write the draft: ${res.refusal || 'content filter'}`.slice(0, 500),
          {
            raw: res.content || res.refusal,
          },
        );
      }
      if (res.overBound) {
        throw new LlmError(
          'length',
          `The model's output passed the bound of ${fmt(maxTokens ?? 0)} output tokens (${fmt(maxChars)} characters) before the draft was complete, so it was refused. If drafts are rightly this long, raise LLM_MAX_OUTPUT_TOKENS.`,
          { raw: res.content },
        );
      }
      if (res.finishReason === 'length') {
        throw new LlmError(
          'length',
          `The model ran out of output tokens before the draft was complete${maxTokens ? ` (bound of ${fmt(maxTokens)} output tokens; LLM_MAX_OUTPUT_TOKENS raises it)` : ''}.`,
          { raw: res.content },
        );
      }
      if (res.finishReason == null) {
        throw new LlmError('stream_interrupted', 'The LLM stream ended before the model said it had finished.', {
          raw: res.content,
        });
      }
      const parsed = parseOutput(res.content, opts.schema);
      return parsed.ok ? { value: parsed.value } : { problems: parsed.problems };
    }

    try {
      const first = await request(opts.messages, 'draft');
      const verdict = judge(first);
      if ('value' in verdict) return { output: verdict.value, raw: first.content, stats: stats() };

      acc.repaired = true;
      const repairMessages: ChatCompletionMessageParam[] = [
        ...opts.messages,
        { role: 'assistant', content: first.content },
        { role: 'user', content: repairInstruction(verdict.problems) },
      ];
      const second = await request(repairMessages, 'repair');
      const verdict2 = judge(second);
      if ('value' in verdict2) return { output: verdict2.value, raw: second.content, stats: stats() };
      throw new LlmError(
        'invalid_output',
        `The model's output did not match the draft schema, even after one repair attempt: ${verdict2.problems.slice(0, 5).join('; ')}`,
        { raw: second.content },
      );
    } catch (e) {
      const err =
        e instanceof LlmError
          ? e
          : new LlmError('upstream_error', `Unexpected LLM client failure: ${String(e)}`, { cause: e });
      err.stats = stats();
      throw err;
    }
  }

  return {
    model: cfg.model,
    generateDraft,
    load: () => ({ active: slots.size - slots.available, waiting: slots.waiting }),
  };
}
