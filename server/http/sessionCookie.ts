import type { Response } from 'express';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { DEVICE_COOKIE } from '../auth/deviceCookie.js';

// HttpOnly keeps it from scripts; Lax keeps it off cross-site POSTs; Secure whenever we are reached over TLS.
export function setSessionCookie(res: Response, token: string, expires: Date, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires });
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The known-device cookie: scripts never read it and it only travels over TLS when we are reached so. */
export function setDeviceCookie(
  res: Response,
  device: { token: string; expires: Date } | undefined,
  secure: boolean,
): void {
  if (device)
    res.cookie(DEVICE_COOKIE, device.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      expires: device.expires,
    });
}
