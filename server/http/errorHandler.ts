import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../deps.js';
import {
  AppError,
  DatabaseUnavailableError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  ValidationError,
  UnauthenticatedError,
} from '../errors/AppError.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { renderPage } from './renderPage.js';
import { requestIdOf } from './requestId.js';

const PROBLEM_BASE = '/problems/';

const OPERATIONS = new Set(['/healthz', '/readyz', '/metrics']);

/** Route kind when a route was matched; otherwise judge by path and by what the client asked for. */
function isApi(req: Request, res: Response): boolean {
  if (res.locals.routeKind) return res.locals.routeKind === 'api';
  if (req.path === '/api' || req.path.startsWith('/api/') || OPERATIONS.has(req.path) || req.get('authorization'))
    return true;
  const accept = req.get('accept');
  return Boolean(accept) && req.accepts(['html', 'json']) === 'json';
}

/**
 * Body-parser failures arrive as plain errors with a `type`, a database that does not answer as
 * driver errors of many shapes (server/db/unavailable.ts): give them our codes.
 */
function normalise(err: unknown, req: Request): unknown {
  const e = err as { type?: string; status?: number; message?: string; limit?: number };
  if (e?.type === 'entity.parse.failed') {
    return new ValidationError('The request body is not valid JSON.', {
      issues: [{ field: 'body', message: 'malformed JSON' }],
    });
  }
  if (e?.type === 'entity.too.large') {
    return new PayloadTooLargeError(
      `The request body is larger than the ${e.limit ?? ''} byte limit.`.replace('  ', ' '),
      {
        issues: [{ field: 'body', message: 'too large' }],
      },
    );
  }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new ValidationError('Unsupported request body encoding.', {
      issues: [{ field: 'body', message: e.message ?? 'unsupported' }],
    });
  }
  // The router could not percent-decode a path segment (%C3%28 is not UTF-8).
  if (err instanceof URIError && e.status === 400) {
    return new ValidationError('The address is not valid UTF-8 percent-encoding.', {
      issues: [{ field: 'path', message: 'is not valid UTF-8 percent-encoding' }],
    });
  }
  // zlib refused a body sent as Content-Encoding: gzip or deflate.
  if (typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('Z_')) {
    return new ValidationError('The request body could not be decompressed.', {
      issues: [{ field: 'body', message: `is not valid ${req.get('content-encoding') ?? 'compressed'} data` }],
    });
  }
  // Any other client error the body parser or router raises (aborted upload, bad length…).
  if (
    !(err instanceof AppError) &&
    (err as { expose?: boolean })?.expose &&
    e.status &&
    e.status >= 400 &&
    e.status < 500
  ) {
    return new ValidationError(`The request could not be read: ${e.message ?? 'bad request'}.`, {
      issues: [{ field: 'body', message: e.message ?? 'could not be read' }],
    });
  }
  if (!(err instanceof AppError) && isDatabaseUnavailable(err))
    return new DatabaseUnavailableError({ cause: err, write: !['GET', 'HEAD'].includes(req.method) });
  return err;
}

/** The one place errors become responses: problem+json under /api, themed pages elsewhere. */
export function errorHandler(deps: AppDeps) {
  // Express recognises error middleware by its four parameters.

  return (raw: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const err = normalise(raw, req);
    const requestId = requestIdOf(req);
    const known = err instanceof AppError ? err : null;
    if (!known) req.log?.error({ err: raw, requestId }, 'unhandled error');
    else if (known.status >= 500) req.log?.warn({ err: raw, requestId }, known.code);
    const status = known?.status ?? 500;
    const code = known?.code ?? 'internal_error';
    const detail = known?.detail ?? `Something went wrong on our side. Quote request id ${requestId} if you report it.`;
    if (err instanceof RateLimitedError || err instanceof DatabaseUnavailableError)
      res.set('Retry-After', String(err.retryAfterSeconds));
    if (res.headersSent) {
      res.end();
      return;
    }
    if (isApi(req, res)) {
      if (status === 401) res.set('WWW-Authenticate', 'Bearer realm="api"');
      res
        .status(status)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: PROBLEM_BASE + code,
            title: titleFor(status),
            status,
            detail,
            code,
            instance: req.originalUrl,
            requestId,
            ...(known?.issues ? { errors: known.issues } : {}),
            ...(known?.extra ?? {}),
          }),
        );
      return;
    }
    if (err instanceof UnauthenticatedError && req.method === 'GET') {
      const next = encodeURIComponent(req.originalUrl);
      res.redirect(303, `/login?next=${next}${res.locals.sessionExpired ? '&expired=1' : ''}`);
      return;
    }
    if (err instanceof UnauthenticatedError) req.flash?.('Your session has ended. Sign in again to continue.');
    try {
      res
        .status(status)
        .type('html')
        .send(
          renderPage(deps, req, 'errors/error', {
            status,
            title: titleFor(status),
            detail,
            code,
            requestId,
            issues: known?.issues,
            isNotFound: err instanceof NotFoundError,
            signIn: err instanceof UnauthenticatedError,
          }),
        );
    } catch (renderErr) {
      req.log?.error({ err: renderErr }, 'error page failed to render');
      res
        .status(status)
        .type('text')
        .send(`${status} ${titleFor(status)}\n${detail}`);
    }
  };
}

function titleFor(status: number): string {
  return (
    (
      {
        400: 'Bad request',
        401: 'Sign-in required',
        403: 'Not allowed',
        404: 'Not found',
        409: 'Conflict',
        410: 'Gone',
        413: 'Too large',
        429: 'Too many requests',
        502: 'Upstream failure',
        503: 'Unavailable',
      } as Record<number, string>
    )[status] ?? 'Error'
  );
}
