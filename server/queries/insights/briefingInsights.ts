import type { Database } from '../../db/connect.js';
import { cachedMeasures, measureKey, refreshMeasures, type MeasureInputs } from '../../insights/measureCache.js';
import type { BriefingMeasures } from '../../insights/measureBriefing.js';
import { SOURCE_DRIFT_ACTIONS } from '../../insights/drift.js';
import { isoWeek } from '../../insights/stats.js';
import type { BriefingInsight } from '../../insights/types.js';

export interface InsightFilters {
  /** Inclusive start of the period (first AI draft at or after). */
  from?: Date;
  /** Exclusive end of the period. */
  to?: Date;
  promptVersion?: string;
  model?: string;
}

interface Row {
  id: string;
  title: string;
  state: string;
  draftRevisionId: string;
  draftedAt: Date;
  templateVersion: string | null;
  model: string | null;
  offline: boolean;
  finalRevisionId: string;
  signedAt: Date | null;
  reviewerId: string | null;
  reviewerName: string | null;
  publishedAt: Date | null;
  regenerations: number;
  tokens: number;
  costUsd: number;
  ackCount: number;
  ackLastMs: number;
  inputsKey: string | null;
  draftWords: number | null;
  finalWords: number | null;
  editDistance: number | null;
  draftSentences: number | null;
  changedSentences: number | null;
  flags: unknown;
}

// One row per briefing that has an AI draft, everything read from the workflow's own rows:
// - the first AI draft is the lowest-numbered revision a generation wrote; its generation gives the
//   prompt version and model, its time the period and week;
// - the signed text is the revision of the sign-off the first publication used, else of the latest
//   sign-off not voided; while nobody has signed, the current revision stands in for the flag counts;
// - generations (all kinds and outcomes) give regenerations, tokens and cost.
// The text measures come from BriefingMeasure when its inputsKey still matches (see measureCache.ts).
const SQL = `
SELECT b.id, b.title, b.state::text AS state,
       fd.id AS "draftRevisionId", fd."createdAt" AS "draftedAt",
       g."templateVersion", g.model, g.offline,
       COALESCE(s."revisionId", b."currentRevisionId") AS "finalRevisionId",
       s."createdAt" AS "signedAt", s."reviewerId", s."reviewerName",
       p."publishedAt",
       ga.regenerations, ga.tokens, ga."costUsd",
       ak.n AS "ackCount", ak.last_ms AS "ackLastMs",
       m."inputsKey", m."draftWords", m."finalWords", m."editDistance", m."draftSentences", m."changedSentences", m.flags
  FROM "Briefing" b
  JOIN LATERAL (
    SELECT r.id, r."createdAt", r."generationId" FROM "Revision" r
     WHERE r."briefingId" = b.id AND r."generationId" IS NOT NULL
     ORDER BY r.number LIMIT 1) fd ON true
  JOIN "Generation" g ON g.id = fd."generationId"
  LEFT JOIN LATERAL (
    SELECT p."publishedAt", p."signOffId" FROM "Publication" p
     WHERE p."briefingId" = b.id ORDER BY p.version LIMIT 1) p ON true
  LEFT JOIN LATERAL (
    SELECT s."revisionId", s."createdAt", s."reviewerId", s."reviewerName" FROM "SignOff" s
     WHERE s."briefingId" = b.id AND (s.id = p."signOffId" OR (p."signOffId" IS NULL AND s."voidedAt" IS NULL))
     ORDER BY s."createdAt" DESC LIMIT 1) s ON true
  JOIN LATERAL (
    SELECT count(*) FILTER (WHERE x.kind <> 'draft')::int AS regenerations,
           COALESCE(sum(COALESCE(x."promptTokens", 0) + COALESCE(x."completionTokens", 0)), 0)::float8 AS tokens,
           COALESCE(sum(x."costUsd"), 0)::float8 AS "costUsd"
      FROM "Generation" x WHERE x."briefingId" = b.id) ga ON true
  JOIN LATERAL (
    SELECT count(*)::int AS n,
           COALESCE(floor(extract(epoch FROM max(a."createdAt")) * 1000), 0)::float8 AS last_ms
      FROM "GroundingAck" a WHERE a."briefingId" = b.id) ak ON true
  LEFT JOIN "BriefingMeasure" m ON m."briefingId" = b.id
 WHERE ($1::timestamptz IS NULL OR fd."createdAt" >= $1::timestamptz)
   AND ($2::timestamptz IS NULL OR fd."createdAt" < $2::timestamptz)
   AND ($3::text IS NULL OR g."templateVersion" = $3::text)
   AND ($4::text IS NULL OR g.model = $4::text)
 ORDER BY fd."createdAt", b.id`;

const DRIFT_SQL = `
SELECT CASE WHEN "entityType" = 'briefing' THEN "entityId" ELSE data->>'briefingId' END AS "briefingId",
       count(*)::int AS n
  FROM "AuditEvent" WHERE action = ANY($1::text[]) GROUP BY 1`;

function cached(r: Row, inputs: MeasureInputs): BriefingMeasures | null {
  if (r.inputsKey !== measureKey(inputs)) return null;
  return cachedMeasures({
    draftWords: r.draftWords ?? 0,
    finalWords: r.finalWords ?? 0,
    editDistance: r.editDistance ?? 0,
    draftSentences: r.draftSentences ?? 0,
    changedSentences: r.changedSentences ?? 0,
    flags: r.flags,
  });
}

const hours = (from: Date | null, to: Date | null) => (from && to ? (to.getTime() - from.getTime()) / 3_600_000 : null);

/**
 * Every drafted briefing in the filter with its measures. Text measures whose inputs changed since
 * they were cached (or were never cached) are computed now, so the answer is always that of the rows.
 */
export async function loadBriefingInsights(db: Database, f: InsightFilters = {}): Promise<BriefingInsight[]> {
  const [rows, drift] = await Promise.all([
    db.sql<Row>(
      SQL,
      [f.from?.toISOString() ?? null, f.to?.toISOString() ?? null, f.promptVersion ?? null, f.model ?? null],
      'insights_briefings',
    ),
    db.sql<{ briefingId: string | null; n: number }>(DRIFT_SQL, [SOURCE_DRIFT_ACTIONS], 'insights_drift'),
  ]);
  const driftOf = new Map(drift.map((d) => [d.briefingId, d.n]));
  const stale: MeasureInputs[] = [];
  const inputsOf = (r: Row): MeasureInputs => ({
    briefingId: r.id,
    draftRevisionId: r.draftRevisionId,
    finalRevisionId: r.finalRevisionId,
    ackCount: r.ackCount,
    ackLastMs: r.ackLastMs,
  });
  for (const r of rows) if (r.inputsKey !== measureKey(inputsOf(r))) stale.push(inputsOf(r));
  const fresh = stale.length ? await refreshMeasures(db, stale) : new Map<string, BriefingMeasures>();

  const out: BriefingInsight[] = [];
  for (const r of rows) {
    const m = fresh.get(r.id) ?? cached(r, inputsOf(r));
    if (!m) continue; // its revisions changed while we read; it is back on the next read
    const signedAt = r.signedAt ? new Date(r.signedAt) : null;
    const publishedAt = r.publishedAt ? new Date(r.publishedAt) : null;
    const draftedAt = new Date(r.draftedAt);
    const signed = signedAt !== null;
    const longer = Math.max(m.draftWords, m.finalWords);
    let raised = 0;
    let fixed = 0;
    let acknowledged = 0;
    for (const c of m.flags) {
      raised += c.raised;
      fixed += c.fixed;
      acknowledged += c.acknowledged;
    }
    out.push({
      briefingId: r.id,
      title: r.title,
      state: r.state,
      draftedAt,
      week: isoWeek(draftedAt).week,
      promptVersion: r.templateVersion,
      model: r.model,
      offline: r.offline,
      reviewerId: r.reviewerId,
      reviewerName: r.reviewerName,
      signedAt,
      publishedAt,
      draftWords: m.draftWords,
      finalWords: m.finalWords,
      editDistance: signed ? m.editDistance : null,
      editRatio: signed ? (longer === 0 ? 0 : m.editDistance / longer) : null,
      draftSentences: m.draftSentences,
      changedSentences: signed ? m.changedSentences : null,
      sentencesChangedShare: signed && m.draftSentences > 0 ? m.changedSentences / m.draftSentences : null,
      flags: m.flags,
      flagsRaised: raised,
      flagsFixed: fixed,
      flagsAcknowledged: acknowledged,
      regenerations: r.regenerations,
      tokens: r.tokens,
      costUsd: r.costUsd,
      draftToSignOffHours: hours(draftedAt, signedAt),
      signOffToPublishHours: hours(signedAt, publishedAt),
      driftEvents: driftOf.get(r.id) ?? 0,
    });
  }
  return out;
}
