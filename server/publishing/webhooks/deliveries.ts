import type { Db } from '../../db/connect.js';
import { postWebhook, type PostOptions } from './postWebhook.js';
import { signWebhook } from './sign.js';

export const LEASE_MS = 60_000;
const BASE_DELAY_S = 10;
const MAX_DELAY_S = 3600;

/** 10 s, 20 s, 40 s … capped at an hour: an endpoint down for a day still gets everything, about hourly. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_DELAY_S, BASE_DELAY_S * 2 ** Math.max(0, attempts - 1)) * 1000;
}

/**
 * Claims due deliveries under a lease. Only the oldest undelivered delivery of
 * each (endpoint, briefing) chain is ever eligible, so event n+1 for a briefing
 * never leaves before event n has been delivered, whichever process sends it.
 */
export async function claimDueDeliveries(db: Db, owner: string, now: Date, limit = 10): Promise<string[]> {
  const until = new Date(now.getTime() + LEASE_MS);
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "WebhookDelivery" SET "leaseOwner" = ${owner}, "leaseExpiresAt" = ${until}
    WHERE "id" IN (
      SELECT d."id" FROM "WebhookDelivery" d
      JOIN "WebhookEndpoint" w ON w."id" = d."endpointId" AND w."active"
      WHERE d."status" = 'pending' AND d."nextAttemptAt" <= ${now}
        AND (d."leaseExpiresAt" IS NULL OR d."leaseExpiresAt" < ${now})
        AND NOT EXISTS (
          SELECT 1 FROM "WebhookDelivery" e
          WHERE e."endpointId" = d."endpointId" AND e."orderingKey" = d."orderingKey" AND e."eventId" < d."eventId" AND e."status" <> 'delivered')
      ORDER BY d."nextAttemptAt", d."eventId"
      LIMIT ${limit}
      FOR UPDATE OF d SKIP LOCKED)
    RETURNING "id"`;
  return rows.map((r) => r.id);
}

export function webhookBody(event: { eventId: string; type: string; payload: unknown; createdAt: Date }): string {
  return JSON.stringify({
    id: event.eventId,
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: event.payload,
  });
}

export async function deliverOne(
  db: Db,
  id: string,
  owner: string,
  now: Date,
  opts: PostOptions = {},
): Promise<boolean> {
  const d = await db.webhookDelivery.findUnique({
    where: { id },
    select: {
      attempts: true,
      leaseOwner: true,
      endpoint: { select: { url: true, secret: true } },
      event: { select: { eventId: true, type: true, payload: true, createdAt: true } },
    },
  });
  if (!d || d.leaseOwner !== owner) return false;
  const body = webhookBody(d.event);
  const timestamp = Math.floor(now.getTime() / 1000);
  const result = await postWebhook(
    d.endpoint.url,
    body,
    {
      'x-webhook-id': d.event.eventId,
      'x-webhook-timestamp': String(timestamp),
      'x-webhook-signature': signWebhook(d.endpoint.secret, timestamp, body),
    },
    opts,
  );
  const attempts = d.attempts + 1;
  const common = { attempts, lastStatus: result.status ?? null, leaseOwner: null, leaseExpiresAt: null };
  // Only the lease holder records the outcome; a process that lost its lease must not overwrite a newer attempt.
  await db.webhookDelivery.updateMany({
    where: { id, leaseOwner: owner },
    data: result.ok
      ? { ...common, status: 'delivered', deliveredAt: now, lastError: null }
      : {
          ...common,
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
          lastError: result.error ?? `HTTP ${result.status}`,
        },
  });
  return result.ok;
}

/** One pass: claim what is due and send it (different chains in parallel). Returns how many were attempted. */
export async function deliverDue(db: Db, owner: string, now: Date, opts: PostOptions = {}): Promise<number> {
  const ids = await claimDueDeliveries(db, owner, now);
  await Promise.all(ids.map((id) => deliverOne(db, id, owner, now, opts)));
  return ids.length;
}
