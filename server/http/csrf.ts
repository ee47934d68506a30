import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { CsrfError } from '../errors/AppError.js';
import { readCookie } from './cookies.js';

export const PRE_SESSION_COOKIE = 'bd_csrf';

/**
 * Synchroniser tokens: the token is an HMAC of a per-session secret (or, before
 * sign-in, of a random cookie), so it cannot be forged cross-site and dies with
 * the session. Form posts carry it as `_csrf`; browser fetches as X-CSRF-Token.
 */
export function csrfTokenFor(key: string, secret: string): string {
  return createHmac('sha256', secret)
    .update('csrf:' + key)
    .digest('base64url');
}

function csrfKey(req: Request): string | undefined {
  if (req.session) return req.session.csrfSecret;
  return readCookie(req, PRE_SESSION_COOKIE);
}

/** Ensures an anonymous visitor has a pre-session key so the login form can carry a token. */
export function ensureCsrfKey(req: Request, res: Response, secure: boolean): string {
  const existing = csrfKey(req);
  if (existing) return existing;
  const key = randomBytes(18).toString('base64url');
  res.cookie(PRE_SESSION_COOKIE, key, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
  req.cookies = { ...(req.cookies as Record<string, string> | undefined), [PRE_SESSION_COOKIE]: key };
  return key;
}

export function csrfToken(req: Request, res: Response, secret: string, secure: boolean): string {
  return csrfTokenFor(ensureCsrfKey(req, res, secure), secret);
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifyCsrf(req: Request, kind: 'api' | 'page', secret: string): void {
  // Bearer tokens are not sent by browsers on their own, so they need no CSRF defence.
  if (req.actor?.kind === 'token') return;
  // Anonymous JSON calls cannot be forged by a cross-site form: browsers cannot
  // send application/json without a CORS preflight, which we never grant.
  if (kind === 'api' && !req.session && req.is('application/json')) return;
  const key = csrfKey(req);
  const sent = req.get('x-csrf-token') ?? (req.body as Record<string, unknown> | undefined)?._csrf;
  if (!key || typeof sent !== 'string' || !same(sent, csrfTokenFor(key, secret))) throw new CsrfError();
}
