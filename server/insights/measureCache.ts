import type { Database } from '../db/connect.js';
import type { FlagCount } from './flags.js';
import { measureBriefing, type BriefingMeasures } from './measureBriefing.js';

/** Bump when a measure's definition changes: every cached row then no longer matches and is recomputed. */
export const MEASURE_ALGORITHM = 1;

/** What a briefing's text measures depend on, as read from the stored rows. */
export interface MeasureInputs {
  briefingId: string;
  /** The first successful generation: its revision is the first AI draft. */
  draftGenerationId: string;
  finalRevisionId: string;
  ackCount: number;
  /** Latest acknowledgement (an acknowledgement can be changed in place), epoch ms; 0 without any. */
  ackLastMs: number;
}

export function measureKey(i: MeasureInputs): string {
  return `${MEASURE_ALGORITHM}:${i.draftGenerationId}:${i.finalRevisionId}:${i.ackCount}:${i.ackLastMs}`;
}

// Briefings computed per round trip: bounds memory when a whole table is stale (first read after an import).
const BATCH = 200;

interface RevisionRow {
  briefingId: string;
  id: string;
  generationId: string | null;
  number: number;
  content: unknown;
  grounding: unknown;
}

/**
 * Computes the text measures of the given briefings from their revisions and acknowledgements and
 * stores them with the key of the inputs they came from. Two processes doing this at once write the
 * same values; the upsert makes that harmless.
 */
export async function refreshMeasures(db: Database, stale: MeasureInputs[]): Promise<Map<string, BriefingMeasures>> {
  const out = new Map<string, BriefingMeasures>();
  for (let i = 0; i < stale.length; i += BATCH) {
    const batch = stale.slice(i, i + BATCH);
    const ids = batch.map((b) => b.briefingId);
    const revisions = await db.sql<RevisionRow>(
      `SELECT r."briefingId", r.id, r."generationId", r.number, r.content, r.grounding
         FROM "Revision" r
         JOIN "Revision" f ON f."briefingId" = r."briefingId" AND f.id = ANY($2::uuid[]) AND r.number <= f.number
        WHERE r."briefingId" = ANY($1::uuid[])
        ORDER BY r."briefingId", r.number`,
      [ids, batch.map((b) => b.finalRevisionId)],
    );
    const acks = await db.sql<{ briefingId: string; flagId: string }>(
      `SELECT "briefingId", "flagId" FROM "GroundingAck" WHERE "briefingId" = ANY($1::uuid[])`,
      [ids],
    );
    const revsOf = group(revisions, (r) => r.briefingId);
    const acksOf = group(acks, (a) => a.briefingId);
    const rows: (BriefingMeasures & { briefingId: string; inputsKey: string })[] = [];
    for (const b of batch) {
      const revs = revsOf.get(b.briefingId) ?? [];
      const draft = revs.find((r) => r.generationId === b.draftGenerationId);
      const final = revs.find((r) => r.id === b.finalRevisionId);
      if (!draft || !final) continue; // changed under us; the next read computes it
      const m = measureBriefing({
        draft: draft.content,
        final: final.content,
        reports: revs.map((r) => r.grounding),
        finalReport: final.grounding,
        acknowledgedFlagIds: new Set((acksOf.get(b.briefingId) ?? []).map((a) => a.flagId)),
      });
      out.set(b.briefingId, m);
      rows.push({ briefingId: b.briefingId, inputsKey: measureKey(b), ...m });
    }
    if (rows.length) await storeMeasures(db, rows);
  }
  return out;
}

async function storeMeasures(
  db: Database,
  rows: (BriefingMeasures & { briefingId: string; inputsKey: string })[],
): Promise<void> {
  await db.sql(
    `INSERT INTO "BriefingMeasure"
       ("briefingId", "inputsKey", "draftWords", "finalWords", "editDistance", "draftSentences", "changedSentences", flags, "computedAt")
     SELECT x."briefingId", x."inputsKey", x."draftWords", x."finalWords", x."editDistance", x."draftSentences",
            x."changedSentences", x.flags, now()
       FROM jsonb_to_recordset($1::jsonb) AS x("briefingId" uuid, "inputsKey" text, "draftWords" int, "finalWords" int,
            "editDistance" int, "draftSentences" int, "changedSentences" int, flags jsonb)
     ON CONFLICT ("briefingId") DO UPDATE SET
       "inputsKey" = EXCLUDED."inputsKey", "draftWords" = EXCLUDED."draftWords", "finalWords" = EXCLUDED."finalWords",
       "editDistance" = EXCLUDED."editDistance", "draftSentences" = EXCLUDED."draftSentences",
       "changedSentences" = EXCLUDED."changedSentences", flags = EXCLUDED.flags, "computedAt" = EXCLUDED."computedAt"`,
    [JSON.stringify(rows)],
  );
}

/** A cached row as stored; flags are read back as written by storeMeasures. */
export function cachedMeasures(row: {
  draftWords: number;
  finalWords: number;
  editDistance: number;
  draftSentences: number;
  changedSentences: number;
  flags: unknown;
}): BriefingMeasures {
  return {
    draftWords: row.draftWords,
    finalWords: row.finalWords,
    editDistance: row.editDistance,
    draftSentences: row.draftSentences,
    changedSentences: row.changedSentences,
    flags: Array.isArray(row.flags) ? (row.flags as FlagCount[]) : [],
  };
}

function group<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
