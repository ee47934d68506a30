import type { Request, Response } from 'express';
import type { AppDeps } from '../deps.js';
import { csrfToken } from './csrf.js';
import { presentViewer } from '../presenters/viewerPresenter.js';
import { requestIdOf } from './requestId.js';

/** Wraps a page view in the layout with what every page needs: viewer, CSRF token, flash. */
export function renderPage(
  deps: AppDeps,
  req: Request,
  view: string,
  model: Record<string, unknown>,
  title?: string,
  layout = 'layouts/app',
): string {
  const res = req.res as Response;
  const body = deps.views.render(view, {
    ...model,
    csrf: csrfToken(req, res, deps.config.sessionSecret, req.secure),
    viewerTimezone: req.actor?.timezone ?? 'UTC',
  });
  return deps.views.render(layout, {
    title: title ?? (typeof model.title === 'string' ? model.title : undefined),
    body,
    viewer: presentViewer(
      req.actor ?? null,
      typeof res.locals.unreadNotifications === 'number' ? res.locals.unreadNotifications : 0,
    ),
    csrf: csrfToken(req, res, deps.config.sessionSecret, req.secure),
    flash: req.flashMessage,
    requestId: requestIdOf(req),
    styleNonce: typeof res.locals.styleNonce === 'string' ? res.locals.styleNonce : undefined,
  });
}
