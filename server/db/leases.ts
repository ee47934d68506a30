import type { Db } from './connect.js';

/**
 * Work claimed from a table (generations, webhook deliveries) is held under a
 * lease: a short expiry the holder renews on a heartbeat. A process that dies
 * stops renewing, so another takes the work over within about one lease,
 * while a live one keeps it however long the work takes.
 */
export interface LeaseSettings {
  /** How long a claim lasts without a heartbeat: the take-over time after a crash. */
  leaseMs: number;
  /** How often the holder renews it; well under half the lease, so one slow beat does not lose it. */
  heartbeatMs: number;
}

/**
 * Takes, or keeps, a lease on a job only one process need run at a time (a pass over every
 * published briefing, say): true when `owner` holds it until `now + ms`. One statement, so of
 * several processes asking at once exactly one wins; the holder renews by asking again, and a
 * holder that died loses it when it runs out. Stored as a row of `Setting` (`lease:<name>`).
 */
export async function takeNamedLease(
  db: Db,
  input: { name: string; owner: string; now: Date; ms: number },
): Promise<boolean> {
  const key = `lease:${input.name}`;
  const until = new Date(input.now.getTime() + input.ms);
  const value = JSON.stringify({ owner: input.owner, until: until.toISOString() });
  const rows = await db.$queryRaw<{ key: string }[]>`
    INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (${key}, ${value}::jsonb, ${input.now})
    ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updatedAt" = EXCLUDED."updatedAt"
      WHERE "Setting"."value"->>'owner' = ${input.owner}
         OR ("Setting"."value"->>'until')::timestamptz <= ${input.now}
    RETURNING "key"`;
  return rows.length > 0;
}
