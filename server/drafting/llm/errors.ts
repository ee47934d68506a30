import { AppError } from '../../errors/AppError.js';
import type { GenerationStats } from './types.js';

/**
 * Why an LLM call failed. Each is a different thing for an editor to do:
 * - refusal: the model declined (or a content filter stopped it); rephrase or change sources.
 * - length: output hit the token limit (finish_reason=length); raise the limit or shorten the input.
 * - invalid_output: not JSON / not the schema, even after one repair round; `raw` keeps the text.
 * - rate_limited: 429 still returned after the bounded retries (or Retry-After beyond our cap).
 * - upstream_error: 5xx still returned after the bounded retries.
 * - timeout: no complete answer within timeoutMs.
 * - aborted: the caller cancelled (signal).
 * - unknown_model: 404, the server does not serve this model (or the base URL is wrong).
 * - stream_interrupted: the connection or stream ended before the model finished.
 * - auth_failed: 401/403, key missing or wrong.
 * - bad_request: another 4xx; usually a server that does not support a parameter we sent.
 * - unreachable: the server could not be connected to, after the bounded retries.
 */
export const LLM_FAILURES = {
  refusal: 422,
  length: 502,
  invalid_output: 502,
  rate_limited: 503,
  upstream_error: 502,
  timeout: 504,
  aborted: 409,
  unknown_model: 502,
  stream_interrupted: 502,
  auth_failed: 502,
  bad_request: 502,
  unreachable: 503,
} as const;

export type LlmFailure = keyof typeof LLM_FAILURES;
export type LlmErrorCode = `llm_${LlmFailure}`;

export interface LlmErrorOptions {
  /** Model output received before the failure, kept for inspection. */
  raw?: string;
  retryAfterSeconds?: number;
  httpStatus?: number;
  stats?: GenerationStats;
  cause?: unknown;
}

export class LlmError extends AppError {
  readonly code: LlmErrorCode;
  readonly status: number;
  readonly failure: LlmFailure;
  readonly raw: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly httpStatus: number | undefined;
  /** Filled in by the client before it throws, so a failed generation still records its cost. */
  stats: GenerationStats | undefined;

  constructor(failure: LlmFailure, detail: string, opts: LlmErrorOptions = {}) {
    super(detail, {
      cause: opts.cause,
      extra: { failure, retryAfterSeconds: opts.retryAfterSeconds, httpStatus: opts.httpStatus },
    });
    this.failure = failure;
    this.code = `llm_${failure}`;
    this.status = LLM_FAILURES[failure];
    this.raw = opts.raw;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.httpStatus = opts.httpStatus;
    this.stats = opts.stats;
  }
}

export function isLlmError(e: unknown): e is LlmError {
  return e instanceof LlmError;
}
