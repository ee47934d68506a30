import type { Response } from 'express';
import { SESSION_COOKIE } from '../auth/sessions.js';

// HttpOnly keeps it from scripts; Lax keeps it off cross-site POSTs; Secure whenever we are reached over TLS.
export function setSessionCookie(res: Response, token: string, expires: Date, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires });
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}
