import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KnownDevice } from './loginLimiter.js';

/**
 * "This browser signed in to this account before": a long-lived cookie, signed with the session
 * secret, naming the account and a random device id. It grants nothing by itself: it only lets its
 * holder's sign-in skip the throttle that strangers guessing at the account have earned.
 */
export const DEVICE_COOKIE = 'bd_device';

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`device:${payload}`).digest('base64url');
}

export function issueDeviceToken(
  secret: string,
  userId: string,
  now: Date,
  lifetimeMs: number,
  previous?: KnownDevice,
): { token: string; expires: Date } {
  const expires = new Date(now.getTime() + lifetimeMs);
  // The same browser keeps its id across sign-ins, so its failure count follows it.
  const id = previous?.id ?? randomBytes(16).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ u: userId, d: id, e: expires.getTime() })).toString('base64url');
  return { token: `${payload}.${sign(secret, payload)}`, expires };
}

/** The device a valid, unexpired cookie names, when it was issued for this account. */
export function readDeviceToken(
  secret: string,
  token: string | undefined,
  userId: string,
  now: Date,
): KnownDevice | undefined {
  if (!token || token.length > 512) return undefined;
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      u?: unknown;
      d?: unknown;
      e?: unknown;
    };
    if (claims.u !== userId || typeof claims.d !== 'string' || typeof claims.e !== 'number') return undefined;
    if (claims.e <= now.getTime()) return undefined;
    return { id: claims.d };
  } catch {
    return undefined;
  }
}
