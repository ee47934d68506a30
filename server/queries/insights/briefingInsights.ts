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
  draftGenerationId: string;
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
// - the first AI draft is the revision of the briefing's first successful generation (a generation
//   succeeds exactly when it writes its revision, in one transaction); that generation gives the prompt
//   version and model, its finish time (the revision's time) the period and week;
// - the signed text is the revision of the sign-off the first publication used, else of the latest
//   sign-off not voided; while nobody has signed, the current revision stands in for the flag counts;
// - generations (all kinds and outcomes) give regenerations, tokens and cost.
// Set-based (each table read once and hash-joined): 10,000 per-briefing index look-ups cost more, and
// its planner cost stays under PostgreSQL's JIT threshold (compiling it would cost more than running it).
// The text measures come from BriefingMeasure when its inputsKey still matches (see measureCache.ts).
const SQL = `
WITH fd AS (
  SELECT DISTINCT ON (g."briefingId") g."briefingId", g.id AS "generationId", g."finishedAt",
         g."templateVersion", g.model, g.offline
    FROM "Generation" g
   WHERE g.status = 'succeeded'
   ORDER BY g."briefingId", g."finishedAt", g.id
), ga AS (
  SELECT x."briefingId", count(*) FILTER (WHERE x.kind <> 'draft')::int AS regenerations,
         COALESCE(sum(COALESCE(x."promptTokens", 0) + COALESCE(x."completionTokens", 0)), 0)::float8 AS tokens,
         COALESCE(sum(x."costUsd"), 0)::float8 AS "costUsd"
    FROM "Generation" x GROUP BY x."briefingId"
), fp AS (
  SELECT DISTINCT ON (p."briefingId") p."briefingId", p."publishedAt", p."signOffId"
    FROM "Publication" p ORDER BY p."briefingId", p.version
), ls AS (
  SELECT DISTINCT ON (s."briefingId") s."briefingId", s."revisionId", s."createdAt", s."reviewerId", s."reviewerName"
    FROM "SignOff" s WHERE s."voidedAt" IS NULL ORDER BY s."briefingId", s."createdAt" DESC
), ak AS (
  SELECT a."briefingId", count(*)::int AS n, floor(extract(epoch FROM max(a."createdAt")) * 1000)::float8 AS last_ms
    FROM "GroundingAck" a GROUP BY a."briefingId"
)
SELECT b.id, b.title, b.state::text AS state,
       fd."generationId" AS "draftGenerationId", fd."finishedAt" AS "draftedAt",
       fd."templateVersion", fd.model, fd.offline,
       COALESCE(ps."revisionId", ls."revisionId", b."currentRevisionId") AS "finalRevisionId",
       COALESCE(ps."createdAt", ls."createdAt") AS "signedAt",
       COALESCE(ps."reviewerId", ls."reviewerId") AS "reviewerId",
       COALESCE(ps."reviewerName", ls."reviewerName") AS "reviewerName",
       fp."publishedAt",
       ga.regenerations, ga.tokens, ga."costUsd",
       COALESCE(ak.n, 0) AS "ackCount", COALESCE(ak.last_ms, 0)::float8 AS "ackLastMs",
       m."inputsKey", m."draftWords", m."finalWords", m."editDistance", m."draftSentences", m."changedSentences", m.flags
  FROM fd
  JOIN "Briefing" b ON b.id = fd."briefingId"
  JOIN ga ON ga."briefingId" = b.id
  LEFT JOIN fp ON fp."briefingId" = b.id
  LEFT JOIN "SignOff" ps ON ps.id = fp."signOffId"
  LEFT JOIN ls ON ls."briefingId" = b.id AND fp."signOffId" IS NULL
  LEFT JOIN ak ON ak."briefingId" = b.id
  LEFT JOIN "BriefingMeasure" m ON m."briefingId" = b.id
 WHERE ($1::timestamptz IS NULL OR fd."finishedAt" >= $1::timestamptz)
   AND ($2::timestamptz IS NULL OR fd."finishedAt" < $2::timestamptz)
   AND ($3::text IS NULL OR fd."templateVersion" = $3::text)
   AND ($4::text IS NULL OR fd.model = $4::text)`;

const DRIFT_SQL = `
SELECT CASE WHEN "entityType" = 'briefing' THEN "entityId" ELSE data->>'briefingId' END AS "briefingId",
       count(*)::int AS n
  FROM "AuditEvent" WHERE action = ANY($1::text[]) GROUP BY 1`;

function cached(r: Row): BriefingMeasures {
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

// The last answers per filter, in this process. Every change to a briefing, its revisions, generations,
// sign-offs, acknowledgements or publications is written with an audit event in the same transaction,
// so while the newest audit event is the same the rows are too; MEMO_MS bounds how long a change made
// behind the app's back (by hand in SQL) can go unseen.
const MEMO_MS = 30_000;
const MEMO_MAX = 50;
type Memo = Map<string, { head: string; at: number; rows: BriefingInsight[] }>;
let memos = new WeakMap<Database, Memo>();

/** Forget remembered answers (tests that change rows without the app's commands). */
export function forgetBriefingInsights(): void {
  memos = new WeakMap();
}

/**
 * Every drafted briefing in the filter with its measures, as loadBriefingInsightsNow computes them,
 * remembered while the audit log's head is unchanged (and at most MEMO_MS).
 */
export async function loadBriefingInsights(db: Database, f: InsightFilters = {}): Promise<BriefingInsight[]> {
  const key = JSON.stringify([f.from?.getTime(), f.to?.getTime(), f.promptVersion, f.model]);
  const [head] = await db.sql<{ head: string | null }>(
    `SELECT max(id)::text AS head FROM "AuditEvent"`,
    [],
    'insights_head',
  );
  const h = head?.head ?? '';
  let memo = memos.get(db);
  if (!memo) {
    const fresh: Memo = new Map();
    memos.set(db, fresh);
    memo = fresh;
  }
  const hit = memo.get(key);
  if (hit && hit.head === h && Date.now() - hit.at < MEMO_MS) return hit.rows;
  const rows = await loadBriefingInsightsNow(db, f);
  memo.delete(key);
  memo.set(key, { head: h, at: Date.now(), rows });
  if (memo.size > MEMO_MAX) memo.delete(memo.keys().next().value!);
  return rows;
}

/**
 * Every drafted briefing in the filter with its measures. Text measures whose inputs changed since
 * they were cached (or were never cached) are computed now, so the answer is always that of the rows.
 */
export async function loadBriefingInsightsNow(db: Database, f: InsightFilters = {}): Promise<BriefingInsight[]> {
  const [rows, drift] = await Promise.all([
    db.sql<Row>(
      SQL,
      [f.from?.toISOString() ?? null, f.to?.toISOString() ?? null, f.promptVersion ?? null, f.model ?? null],
      // Unnamed on purpose: a named statement switches to a generic plan after five runs, and the
      // generic plan of these optional filters was 40 times slower (measured on 10,000 briefings).
    ),
    db.sql<{ briefingId: string | null; n: number }>(DRIFT_SQL, [SOURCE_DRIFT_ACTIONS], 'insights_drift'),
  ]);
  const driftOf = new Map(drift.map((d) => [d.briefingId, d.n]));
  const stale: MeasureInputs[] = [];
  const inputsOf = (r: Row): MeasureInputs => ({
    briefingId: r.id,
    draftGenerationId: r.draftGenerationId,
    finalRevisionId: r.finalRevisionId,
    ackCount: r.ackCount,
    ackLastMs: r.ackLastMs,
  });
  const keys = rows.map((r) => measureKey(inputsOf(r)));
  rows.forEach((r, i) => {
    if (r.inputsKey !== keys[i]) stale.push(inputsOf(r));
  });
  const fresh = stale.length ? await refreshMeasures(db, stale) : new Map<string, BriefingMeasures>();

  const out: BriefingInsight[] = [];
  for (const [i, r] of rows.entries()) {
    const m = fresh.get(r.id) ?? (r.inputsKey === keys[i] ? cached(r) : null);
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
  // Oldest first draft first (the statement leaves the order to its hash joins).
  return out.sort((a, b) => a.draftedAt.getTime() - b.draftedAt.getTime() || (a.briefingId < b.briefingId ? -1 : 1));
}
