import type { Db } from '../db/connect.js';

/**
 * Claims the most overdue pending schedule whose lease is free, under a lease of `leaseMs`
 * (`FOR UPDATE SKIP LOCKED`: two processes never claim the same row at once, and a row held by a
 * publish in progress is skipped). A claim only says who tries now; what makes publishing happen once
 * is the publish transaction, which re-checks the row under the briefing's lock (publishScheduled).
 */
export async function claimDueSchedule(db: Db, owner: string, now: Date, leaseMs: number): Promise<string | null> {
  const until = new Date(now.getTime() + leaseMs);
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "PublishSchedule" SET "leaseOwner" = ${owner}, "leaseExpiresAt" = ${until}, "attempts" = "attempts" + 1
    WHERE "id" = (
      SELECT "id" FROM "PublishSchedule"
      WHERE "status" = 'pending' AND "runAt" <= ${now}
        AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < ${now})
      ORDER BY "runAt"
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING "id"`;
  return rows[0]?.id ?? null;
}
