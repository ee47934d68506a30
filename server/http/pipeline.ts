import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { AppDeps } from '../deps.js';
import { ForbiddenError, UnauthenticatedError } from '../errors/AppError.js';
import type { AnyRoute, RouteResult } from './route.js';
import { assertStorableInput, parseOrThrow } from './validate.js';
import { verifyCsrf } from './csrf.js';
import { renderPage } from './renderPage.js';
import { countUnread } from '../review/notify.js';
import { requestIdOf } from './requestId.js';

export const POLICY_MARK = Symbol.for('briefing-desk.policy');

type Handler = ((req: Request, res: Response, next: NextFunction) => void) & { [POLICY_MARK]?: string };

/**
 * The fixed request pipeline every route goes through, in this order:
 * authorize (declared policy) → CSRF (form posts) → validate (storable text, then zod) → handler → present.
 * A route cannot be mounted without a policy, and routes are mounted only here.
 */
export function mountRoutes(router: Router, routes: AnyRoute[], deps: AppDeps, before: RequestHandler[] = []): void {
  for (const def of routes) {
    if (!def.policy) throw new Error(`Route ${def.method.toUpperCase()} ${def.path} has no policy`);
    const handle: Handler = (req, res, next) => {
      run(def, deps, req, res).catch(next);
    };
    handle[POLICY_MARK] = def.policy.name;
    router[def.method](def.path, ...before, handle);
  }
}

async function run(def: AnyRoute, deps: AppDeps, req: Request, res: Response): Promise<void> {
  const actor = req.actor ?? null;
  res.locals.routeKind = def.kind;
  if (!def.policy.allows(actor)) {
    if (!actor && def.policy.requiresActor) throw new UnauthenticatedError('Sign in to continue.');
    throw new ForbiddenError('Your role does not allow this action.');
  }
  if (def.method !== 'get') {
    verifyCsrf(req, def.kind, deps.config.sessionSecret);
    if (req.body && typeof req.body === 'object') delete (req.body as Record<string, unknown>)._csrf;
  }
  assertStorableInput(req, def);
  // Each route's handler is typed by its own schemas; here the parsed values are only passed on.
  const body: unknown = def.body && !def.rawBody ? parseOrThrow(def.body, req.body, 'body') : req.body;
  const query: unknown = def.query ? parseOrThrow(def.query, req.query, 'query') : req.query;
  const params: unknown = def.params ? parseOrThrow(def.params, req.params, 'params') : req.params;
  const ctx = {
    deps,
    actor,
    body,
    query,
    params,
    req,
    res,
    requestId: requestIdOf(req),
  };
  // The layout's unread badge: one indexed count, only for pages a person is looking at.
  if (def.kind === 'page' && def.method === 'get' && actor?.kind === 'session') {
    res.locals.unreadNotifications = await countUnread(deps.db, actor.userId);
  }
  const result = await def.handler(ctx);
  send(result, req, res, deps);
}

function send(result: RouteResult, req: Request, res: Response, deps: AppDeps): void {
  if (!result || res.headersSent) return;
  if ('redirect' in result) {
    if (result.flash) req.flash?.(result.flash);
    res.redirect(result.status ?? 303, result.redirect);
  } else if ('json' in result) {
    if (result.headers) res.set(result.headers);
    res.status(result.status ?? 200).json(result.json);
  } else if ('view' in result) {
    res
      .status(result.status ?? 200)
      .type('html')
      .send(renderPage(deps, req, result.view, result.model, result.title));
  } else if ('text' in result) {
    if (result.headers) res.set(result.headers);
    res
      .status(result.status ?? 200)
      .type(result.contentType ?? 'text/plain')
      .send(result.text);
  } else {
    res.status(result.status).end();
  }
}
