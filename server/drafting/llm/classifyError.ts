import { APIError, APIUserAbortError } from 'openai';
import { LlmError } from './errors.js';
import { retryAfterMs } from './retryPolicy.js';
import type { AttemptFailed } from './streamCompletion.js';

export interface Classified {
  error: LlmError;
  retryable: boolean;
  /** Server-requested wait, when it gave one. */
  waitMs: number | null;
}

function upstreamMessage(e: APIError): string {
  // The SDK types the error body as `Object`; providers put a human-readable `message` in it.
  const body: unknown = e.error;
  const message = body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message.slice(0, 300) : e.message.slice(0, 300);
}

/**
 * Maps whatever one attempt threw to a failure code. `why` says whether our
 * own timer or the caller's signal aborted it, which the SDK cannot tell apart.
 */
export function classifyAttemptError(
  failed: AttemptFailed,
  why: 'timeout' | 'aborted' | null,
  ctx: { model: string; timeoutMs: number },
): Classified {
  const e = failed.cause;
  const raw = failed.partial || undefined;
  const final = (error: LlmError): Classified => ({ error, retryable: false, waitMs: null });

  if (why === 'aborted') return final(new LlmError('aborted', 'The generation was cancelled.', { raw, cause: e }));
  if (why === 'timeout') {
    return final(new LlmError('timeout', `The LLM did not finish within ${ctx.timeoutMs} ms.`, { raw, cause: e }));
  }
  if (e instanceof APIUserAbortError)
    return final(new LlmError('aborted', 'The generation was cancelled.', { raw, cause: e }));

  if (e instanceof APIError && typeof e.status === 'number') {
    // `instanceof` narrows to APIError<any, any, any>; name the SDK's default type arguments again.
    return classifyHttpError(e as APIError, e.status, ctx.model);
  }

  // No HTTP status: the connection failed. Before any response it is worth retrying;
  // after the stream started, the answer is lost and the caller decides.
  if (failed.sawResponse) {
    return final(
      new LlmError('stream_interrupted', 'The connection to the LLM broke before the answer was complete.', {
        raw,
        cause: e,
      }),
    );
  }
  return {
    error: new LlmError(
      'unreachable',
      `Could not reach the LLM server: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    ),
    retryable: true,
    waitMs: null,
  };
}

/** An answer with an HTTP status: rate limits and server errors are worth retrying, the rest is final. */
function classifyHttpError(e: APIError, status: number, model: string): Classified {
  const final = (error: LlmError): Classified => ({ error, retryable: false, waitMs: null });
  const msg = upstreamMessage(e);
  if (status === 429) {
    const wait = retryAfterMs(e.headers);
    return {
      error: new LlmError('rate_limited', `The LLM provider is rate limiting requests: ${msg}`, {
        httpStatus: status,
        retryAfterSeconds: wait == null ? undefined : Math.ceil(wait / 1000),
        cause: e,
      }),
      retryable: true,
      waitMs: wait,
    };
  }
  if (status === 404) {
    return final(
      new LlmError(
        'unknown_model',
        `The LLM server does not serve model "${model}" (or the base URL is wrong): ${msg}`,
        {
          httpStatus: status,
          cause: e,
        },
      ),
    );
  }
  if (status === 401 || status === 403) {
    return final(
      new LlmError('auth_failed', `The LLM server rejected the API key: ${msg}`, { httpStatus: status, cause: e }),
    );
  }
  if (status >= 500 || status === 408 || status === 409) {
    return {
      error: new LlmError('upstream_error', `The LLM server failed (HTTP ${status}): ${msg}`, {
        httpStatus: status,
        cause: e,
      }),
      retryable: true,
      waitMs: retryAfterMs(e.headers),
    };
  }
  return final(
    new LlmError('bad_request', `The LLM server rejected the request (HTTP ${status}): ${msg}`, {
      httpStatus: status,
      cause: e,
    }),
  );
}
