import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** X-Webhook-Signature: sha256=hex(HMAC-SHA256(secret, `${timestamp}.${body}`)). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** For receivers (and tests): constant-time check of a signature header. */
export function verifyWebhook(secret: string, timestamp: string | number, body: string, header: string): boolean {
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const got = Buffer.from(header);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

export function newWebhookSecret(): string {
  return 'whsec_' + randomBytes(32).toString('base64url');
}
