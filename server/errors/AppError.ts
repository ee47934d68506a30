/**
 * Every error the app raises on purpose is an AppError with a stable code.
 * The single mapping to HTTP lives in server/http/errorHandler.ts; anything
 * that is not an AppError is treated as a bug and shown as a generic message.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. "roles.1" or "body". */
  field: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** Safe to show to the caller. */
  readonly detail: string;
  readonly issues?: FieldIssue[];
  readonly extra?: Record<string, unknown>;

  constructor(detail: string, opts: { issues?: FieldIssue[]; extra?: Record<string, unknown>; cause?: unknown } = {}) {
    super(detail, { cause: opts.cause });
    this.detail = detail;
    this.issues = opts.issues;
    this.extra = opts.extra;
    this.name = new.target.name;
  }
}

/** An error whose code the caller chooses (e.g. 'slug_taken'), for families that share one status. */
abstract class CodedError extends AppError {
  readonly code: string;
  constructor(code: string, detail: string, opts: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, opts);
    this.code = code;
  }
}

export class ValidationError extends AppError {
  readonly code = 'validation_failed';
  readonly status = 400;
}

export class BadRequestError extends CodedError {
  readonly status = 400;
}

export class UnauthenticatedError extends AppError {
  readonly code = 'unauthenticated';
  readonly status = 401;
}

export class InvalidCredentialsError extends AppError {
  readonly code = 'invalid_credentials';
  readonly status = 401;
  constructor() {
    super('Email or password is incorrect.');
  }
}

/** Authenticated but not allowed, on something the caller may know exists. */
export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
  readonly status = 403;
}

/** Missing, or hidden from this caller: the two must look the same. */
export class NotFoundError extends AppError {
  readonly code = 'not_found';
  readonly status = 404;
  constructor(detail = 'Not found.') {
    super(detail);
  }
}

export class ConflictError extends CodedError {
  readonly status = 409;
}

export class CsrfError extends AppError {
  readonly code = 'csrf_failed';
  readonly status = 403;
  constructor() {
    super('This form has expired or did not come from this site. Reload the page and try again.');
  }
}

export class PayloadTooLargeError extends AppError {
  readonly code = 'payload_too_large';
  readonly status = 413;
}

export class RateLimitedError extends AppError {
  readonly code = 'rate_limited';
  readonly status = 429;
  readonly retryAfterSeconds: number;
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail, { extra: { retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class GoneError extends AppError {
  readonly code = 'gone';
  readonly status = 410;
}

/** A dependency (LLM, remote site) failed in a way the caller should see. */
export class UpstreamError extends CodedError {
  readonly status = 502;
}

export class ServiceUnavailableError extends AppError {
  readonly code = 'service_unavailable';
  readonly status = 503;
}

/** The database did not answer (stopped, restarting, frozen): nothing was changed; try again shortly. */
export class DatabaseUnavailableError extends AppError {
  readonly code = 'database_unavailable';
  readonly status = 503;
  readonly retryAfterSeconds: number;
  constructor(opts: { retryAfterSeconds?: number; write?: boolean; cause?: unknown } = {}) {
    const retryAfterSeconds = opts.retryAfterSeconds ?? 5;
    super(
      opts.write
        ? 'The database is not answering right now, so nothing was saved. Try again in a few seconds.'
        : 'The database is not answering right now. Try again in a few seconds.',
      { cause: opts.cause, extra: { retryAfterSeconds } },
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
