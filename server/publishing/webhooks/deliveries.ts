import type { Db } from '../../db/connect.js';
import { postWebhook, type PostOptions } from './postWebhook.js';
import { signWebhook } from './sign.js';
import type { LeaseSettings } from '../../db/leases.js';

/** Used when the caller passes none: WORKER_LEASE_SECONDS and WORKER_HEARTBEAT_SECONDS's defaults. */
export const DEFAULT_LEASES: LeaseSettings = { leaseMs: 10_000, heartbeatMs: 3_000 };

const INTERRUPTED = 'interrupted: the process sending it stopped before recording an answer; sent again';
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
 *
 * The attempt is counted here, before the POST: a process that dies mid-POST
 * has still made an attempt (the receiver may well have it), and the next
 * claim of a delivery whose lease ran out says so in lastError.
 */
export async function claimDueDeliveries(
  db: Db,
  owner: string,
  now: Date,
  limit = 10,
  leaseMs = DEFAULT_LEASES.leaseMs,
): Promise<string[]> {
  const until = new Date(now.getTime() + leaseMs);
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "WebhookDelivery" SET "leaseOwner" = ${owner}, "leaseExpiresAt" = ${until}, "attempts" = "attempts" + 1,
      "lastError" = CASE WHEN "leaseOwner" IS NOT NULL THEN ${INTERRUPTED} ELSE "lastError" END
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

/** Renews our leases on deliveries still in flight; a POST may take longer than one lease. */
async function renewLeases(db: Db, ids: string[], owner: string, until: Date): Promise<void> {
  await db.webhookDelivery.updateMany({
    where: { id: { in: ids }, leaseOwner: owner },
    data: { leaseExpiresAt: until },
  });
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
  const attempts = d.attempts; // counted when claimed
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

export interface DeliverOptions extends PostOptions {
  leases?: LeaseSettings;
}

/**
 * One pass: claim what is due and send it (different chains in parallel),
 * renewing the leases on a heartbeat while POSTs are in flight. Returns how
 * many were attempted.
 */
export async function deliverDue(db: Db, owner: string, now: Date, opts: DeliverOptions = {}): Promise<number> {
  const { leases = DEFAULT_LEASES, ...post } = opts;
  const ids = await claimDueDeliveries(db, owner, now, 10, leases.leaseMs);
  if (ids.length === 0) return 0;
  const pending = new Set(ids);
  // On the caller's clock (tests replay time): now plus the real time elapsed since the claim.
  const started = Date.now();
  const beat = setInterval(() => {
    const until = new Date(now.getTime() + (Date.now() - started) + leases.leaseMs);
    renewLeases(db, [...pending], owner, until).catch(() => {
      // A missed beat costs at most a duplicate delivery, which receivers must tolerate anyway.
    });
  }, leases.heartbeatMs);
  beat.unref();
  try {
    await Promise.all(ids.map((id) => deliverOne(db, id, owner, now, post).finally(() => pending.delete(id))));
  } finally {
    clearInterval(beat);
  }
  return ids.length;
}
