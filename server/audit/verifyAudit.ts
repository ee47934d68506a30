import type { Db } from '../db/connect.js';
import { auditHash, GENESIS_HASH } from './auditHash.js';

export type AuditVerdict =
  { ok: true; checked: number } | { ok: false; checked: number; firstBadId: string; reason: string };

/** Walks the chain in order; the first row whose link or content does not match is reported. */
export async function verifyAudit(db: Db, batchSize = 1000): Promise<AuditVerdict> {
  let prev = GENESIS_HASH;
  let checked = 0;
  let cursor: bigint | undefined;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: cursor === undefined ? {} : { id: { gt: cursor } },
      orderBy: { id: 'asc' },
      take: batchSize,
    });
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.prevHash !== prev) {
        return {
          ok: false,
          checked,
          firstBadId: String(row.id),
          reason: 'its link to the previous event is broken (an event before it was removed or altered)',
        };
      }
      const expected = auditHash(prev, row);
      if (expected !== row.hash) {
        return {
          ok: false,
          checked,
          firstBadId: String(row.id),
          reason: 'its content does not match its hash (the row was altered)',
        };
      }
      prev = row.hash;
      checked++;
      cursor = row.id;
    }
  }
}
