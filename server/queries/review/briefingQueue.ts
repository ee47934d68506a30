import type { Database } from '../../db/connect.js';
import type { BriefingState } from '../../generated/prisma/enums.js';
import type { Actor } from '../../policies/actor.js';

export const QUEUE_TABS = ['assigned', 'awaiting', 'approved', 'published', 'all'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

export const QUEUE_TAB_LABELS: Record<QueueTab, string> = {
  assigned: 'Assigned to me',
  awaiting: 'Awaiting review',
  approved: 'Approved, not published',
  published: 'Published',
  all: 'All briefings',
};

// Constants from this file only, so inlining them in SQL is safe.
export const LIVE_STATES = `('drafting', 'in_review', 'changes_requested', 'regenerating', 'approved')`;

export interface QueueFilters {
  tab: QueueTab;
  q?: string;
  state?: BriefingState;
  assigneeId?: string;
  page: number;
  perPage: number;
}

export interface QueueRow {
  id: string;
  title: string;
  state: BriefingState;
  assigneeId: string | null;
  assigneeName: string | null;
  publisher: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The WHERE clause for a tab and filters, its parameters, and a stable statement name per shape. */
function whereFor(f: QueueFilters, actor: Actor): { sql: string; params: unknown[]; shape: string } {
  const params: unknown[] = [];
  const parts: string[] = [];
  switch (f.tab) {
    case 'assigned':
      parts.push(`b."assigneeId" = $${params.push(actor.userId)}::uuid AND b.state IN ${LIVE_STATES}`);
      break;
    case 'awaiting':
      parts.push(`b.state = 'in_review'`);
      break;
    case 'approved':
      parts.push(`b.state = 'approved'`);
      break;
    case 'published':
      parts.push(`b.state = 'published'`);
      break;
    case 'all':
      parts.push('TRUE');
      break;
  }
  if (f.state) parts.push(`b.state = $${params.push(f.state)}::"BriefingState"`);
  if (f.assigneeId) parts.push(`b."assigneeId" = $${params.push(f.assigneeId)}::uuid`);
  // Prisma's `contains` escaped LIKE wildcards too: a search for "100%" means the characters.
  if (f.q) parts.push(`b.title ILIKE $${params.push(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  return {
    sql: parts.join(' AND '),
    params,
    shape: `${f.tab}${f.state ? 's' : ''}${f.assigneeId ? 'a' : ''}${f.q ? 'q' : ''}`,
  };
}

/**
 * One page of a queue and the counts on every tab, in two or three statements sent straight to
 * the driver as prepared statements: the queue is the page reviewers reload all day, and the
 * ORM's per-query work (five queries before) cost more than the queries themselves.
 */
export async function briefingQueue(db: Database, actor: Actor, f: QueueFilters) {
  const w = whereFor(f, actor);
  // Without extra filters the tab's own count is the total, so the filtered count is skipped.
  const filtered = Boolean(f.state || f.assigneeId || f.q);
  const limit = w.params.length + 1;
  const [rows, filteredTotal, [counts]] = await Promise.all([
    db.sql<QueueRow>(
      `SELECT b.id, b.title, b.state::text AS state, b."assigneeId", u."displayName" AS "assigneeName", s.publisher, b."createdAt", b."updatedAt"
         FROM "Briefing" b
         JOIN "Source" s ON s.id = b."leadSourceId"
         LEFT JOIN "User" u ON u.id = b."assigneeId"
        WHERE ${w.sql}
        ORDER BY b."updatedAt" DESC, b.id ASC
        LIMIT $${limit} OFFSET $${limit + 1}`,
      [...w.params, f.perPage, (f.page - 1) * f.perPage],
      `queue_page_${w.shape}`,
    ),
    filtered
      ? db
          .sql<{ n: number }>(
            `SELECT count(*)::int AS n FROM "Briefing" b WHERE ${w.sql}`,
            w.params,
            `queue_count_${w.shape}`,
          )
          .then((r) => r[0].n)
      : Promise.resolve(-1),
    db.sql<Record<QueueTab, number>>(
      `SELECT count(*) FILTER (WHERE "assigneeId" = $1::uuid AND state IN ${LIVE_STATES})::int AS assigned,
              count(*) FILTER (WHERE state = 'in_review')::int AS awaiting,
              count(*) FILTER (WHERE state = 'approved')::int AS approved,
              count(*) FILTER (WHERE state = 'published')::int AS published,
              count(*)::int AS "all"
         FROM "Briefing"`,
      [actor.userId],
      'queue_tab_counts',
    ),
  ]);
  return { rows: rows.map(asDates), total: filtered ? filteredTotal : counts[f.tab], counts };
}

// PGlite and pg both return timestamptz as Date; normalised here so callers can rely on it.
function asDates(r: QueueRow): QueueRow {
  return { ...r, createdAt: new Date(r.createdAt), updatedAt: new Date(r.updatedAt) };
}
