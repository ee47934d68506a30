import type { Db } from '../../db/connect.js';
import type { Prisma } from '../../generated/prisma/client.js';
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

const LIVE_STATES: BriefingState[] = ['drafting', 'in_review', 'changes_requested', 'regenerating', 'approved'];

export interface QueueFilters {
  tab: QueueTab;
  q?: string;
  state?: BriefingState;
  assigneeId?: string;
  page: number;
  perPage: number;
}

function tabWhere(tab: QueueTab, actor: Actor): Prisma.BriefingWhereInput {
  switch (tab) {
    case 'assigned': return { assigneeId: actor.userId, state: { in: LIVE_STATES } };
    case 'awaiting': return { state: 'in_review' };
    case 'approved': return { state: 'approved' };
    case 'published': return { state: 'published' };
    default: return {};
  }
}

/** One page of a queue, plus the per-tab counts shown on the tabs (two grouped counts, not one per tab). */
export async function briefingQueue(db: Db, actor: Actor, f: QueueFilters) {
  const where: Prisma.BriefingWhereInput = { AND: [
    tabWhere(f.tab, actor),
    f.state ? { state: f.state } : {},
    f.assigneeId ? { assigneeId: f.assigneeId } : {},
    f.q ? { title: { contains: f.q, mode: 'insensitive' } } : {},
  ] };
  // Without extra filters the tab's own count is the total, so the filtered count is skipped.
  const filtered = Boolean(f.state || f.assigneeId || f.q);
  const [rows, filteredTotal, byState, assigned] = await Promise.all([
    db.briefing.findMany({
      where, orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }], skip: (f.page - 1) * f.perPage, take: f.perPage,
      select: { id: true, title: true, state: true, assigneeId: true, createdAt: true, updatedAt: true, leadSource: { select: { publisher: true } } },
    }),
    filtered ? db.briefing.count({ where }) : Promise.resolve(-1),
    db.briefing.groupBy({ by: ['state'], _count: { _all: true } }),
    db.briefing.count({ where: tabWhere('assigned', actor) }),
  ]);
  const perState = new Map(byState.map((g) => [g.state, g._count._all]));
  const counts: Record<QueueTab, number> = {
    assigned,
    awaiting: perState.get('in_review') ?? 0,
    approved: perState.get('approved') ?? 0,
    published: perState.get('published') ?? 0,
    all: [...perState.values()].reduce((a, b) => a + b, 0),
  };
  const total = filtered ? filteredTotal : counts[f.tab];
  const assigneeIds = [...new Set(rows.map((r) => r.assigneeId).filter((x): x is string => Boolean(x)))];
  const people = assigneeIds.length ? await db.user.findMany({ where: { id: { in: assigneeIds } }, select: { id: true, displayName: true } }) : [];
  return { rows, total, counts, people: new Map(people.map((p) => [p.id, p.displayName])) };
}
