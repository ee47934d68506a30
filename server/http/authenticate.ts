import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../deps.js';
import { resolveApiToken } from '../auth/apiTokens.js';
import { resolveSession, SESSION_COOKIE } from '../auth/sessions.js';
import { UnauthenticatedError } from '../errors/AppError.js';
import { readCookie } from './cookies.js';

/** Resolves who is calling: Authorization: Bearer <token>, else the session cookie. */
export function authenticate(deps: AppDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      req.actor = null;
      req.session = null;
      const auth = req.get('authorization');
      if (auth) {
        const m = /^Bearer\s+(\S+)$/i.exec(auth);
        const actor = m ? await resolveApiToken(deps.db.prisma, m[1], deps.now()) : null;
        // A bad token is an error, not a silent fall-back to anonymous.
        if (!actor) throw new UnauthenticatedError('The API token is invalid, expired or revoked.');
        req.actor = actor;
        return next();
      }
      const token = readCookie(req, SESSION_COOKIE);
      if (token) {
        const found = await resolveSession(deps.db, token, deps.config.session, deps.now());
        if (found) {
          req.actor = found.actor;
          req.session = found.session;
        } else {
          res.clearCookie(SESSION_COOKIE, { path: '/' });
          res.locals.sessionExpired = true;
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}
