import type { Database } from '../../db/connect.js';
import type { BriefingState } from '../../generated/prisma/enums.js';
import { hasRole, type Actor } from '../../policies/actor.js';
import { readReport } from '../../review/grounding.js';
import { openBlockingFlags, type FlagAck } from '../../review/flagAcks.js';
import { LIVE_STATES } from './briefingQueue.js';

export const DESK_SORTS = ['oldest', 'newest', 'flags', 'title'] as const;
export type DeskSort = (typeof DESK_SORTS)[number];

export interface DeskRow {
  id: string;
  title: string;
  state: BriefingState;
  publisher: string;
  /** When the wait this row is about began: the briefing's creation, its sign-off, or the failed run. */
  since: Date;
  openFlags: number;
}

export interface FailedDraftRow extends DeskRow {
  generationId: string;
  generationStatus: 'failed' | 'cancelled';
  error: string | null;
}

export interface Desk {
  /** Null when the person is not a reviewer (the section is not theirs). */
  assigned: DeskRow[] | null;
  /** Null when the person is not an editor. */
  approved: DeskRow[] | null;
  failedDrafts: FailedDraftRow[] | null;
}

interface RawRow {
  id: string;
  title: string;
  state: BriefingState;
  publisher: string;
  since: Date;
  flags: unknown;
}

/**
 * What needs this person now. A reviewer's rows are exactly the "Assigned to me" tab and an
 * editor's approved rows exactly the "Approved, not published" tab (same conditions), so the
 * counts agree; failed drafts are first drafts whose latest run failed or was cancelled.
 * Each list is one person's working set (tens of rows), so it is read whole and sorted here,
 * where the open-flag count is known.
 */
export async function deskQueue(db: Database, actor: Actor, sort: DeskSort): Promise<Desk> {
  const reviewer = hasRole(actor, 'reviewer');
  const editor = hasRole(actor, 'editor');
  const [assigned, approved, failed] = await Promise.all([
    reviewer
      ? db.sql<RawRow>(
          `SELECT b.id, b.title, b.state::text AS state, s.publisher, b."createdAt" AS since, r.grounding->'flags' AS flags
             FROM "Briefing" b
             JOIN "Source" s ON s.id = b."leadSourceId"
             LEFT JOIN "Revision" r ON r.id = b."currentRevisionId"
            WHERE b."assigneeId" = $1::uuid AND b.state IN ${LIVE_STATES}`,
          [actor.userId],
          'desk_assigned',
        )
      : null,
    editor
      ? db.sql<RawRow>(
          `SELECT b.id, b.title, b.state::text AS state, s.publisher,
                  COALESCE((SELECT max(o."createdAt") FROM "SignOff" o WHERE o."briefingId" = b.id AND o."voidedAt" IS NULL), b."updatedAt") AS since,
                  r.grounding->'flags' AS flags
             FROM "Briefing" b
             JOIN "Source" s ON s.id = b."leadSourceId"
             LEFT JOIN "Revision" r ON r.id = b."currentRevisionId"
            WHERE b.state = 'approved'`,
          [],
          'desk_approved',
        )
      : null,
    editor
      ? db.sql<RawRow & { generationId: string; generationStatus: 'failed' | 'cancelled'; error: string | null }>(
          `SELECT b.id, b.title, b.state::text AS state, s.publisher, COALESCE(g."finishedAt", g."createdAt") AS since,
                  NULL AS flags, g.id AS "generationId", g.status::text AS "generationStatus", g.error
             FROM "Briefing" b
             JOIN "Source" s ON s.id = b."leadSourceId"
             JOIN LATERAL (
               SELECT id, status, error, "finishedAt", "createdAt" FROM "Generation"
                WHERE "briefingId" = b.id ORDER BY "createdAt" DESC LIMIT 1
             ) g ON TRUE
            WHERE b.state = 'drafting' AND b."currentRevisionId" IS NULL AND g.status IN ('failed', 'cancelled')`,
          [],
          'desk_failed_drafts',
        )
      : null,
  ]);
  const withFlags = [...(assigned ?? []), ...(approved ?? [])].map((r) => r.id);
  const acks = withFlags.length
    ? await db.sql<FlagAck & { briefingId: string }>(
        `SELECT "briefingId", "flagId", resolution, note FROM "GroundingAck" WHERE "briefingId" = ANY($1::uuid[])`,
        [withFlags],
        'desk_acks',
      )
    : [];
  const acksOf = new Map<string, FlagAck[]>();
  for (const a of acks) acksOf.set(a.briefingId, [...(acksOf.get(a.briefingId) ?? []), a]);
  const row = (r: RawRow): DeskRow => ({
    id: r.id,
    title: r.title,
    state: r.state,
    publisher: r.publisher,
    since: new Date(r.since),
    openFlags: r.flags ? openBlockingFlags(readReport({ flags: r.flags }).flags, acksOf.get(r.id) ?? []).length : 0,
  });
  return {
    assigned: assigned ? sortRows(assigned.map(row), sort) : null,
    approved: approved ? sortRows(approved.map(row), sort) : null,
    failedDrafts: failed
      ? sortRows(
          failed.map((r) => ({
            ...row(r),
            generationId: r.generationId,
            generationStatus: r.generationStatus,
            error: r.error,
          })),
          sort,
        )
      : null,
  };
}

const byTitle = (a: DeskRow, b: DeskRow) => a.title.localeCompare(b.title, 'en') || a.id.localeCompare(b.id);
const COMPARE: Record<DeskSort, (a: DeskRow, b: DeskRow) => number> = {
  oldest: (a, b) => a.since.getTime() - b.since.getTime() || byTitle(a, b),
  newest: (a, b) => b.since.getTime() - a.since.getTime() || byTitle(a, b),
  // Most open flags first; among equals the one waiting longest.
  flags: (a, b) => b.openFlags - a.openFlags || a.since.getTime() - b.since.getTime() || byTitle(a, b),
  title: byTitle,
};

function sortRows<T extends DeskRow>(rows: T[], sort: DeskSort): T[] {
  return [...rows].sort(COMPARE[sort]);
}
