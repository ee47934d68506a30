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
