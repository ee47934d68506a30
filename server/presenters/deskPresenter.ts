import type { Actor } from '../policies/actor.js';
import { can, stateLabel } from '../review/workflow.js';
import { DESK_SORTS, type Desk, type DeskRow, type DeskSort } from '../queries/review/desk.js';

const SORT_LABELS: Record<DeskSort, string> = {
  oldest: 'Oldest first',
  newest: 'Newest first',
  flags: 'Most open flags',
  title: 'Title A–Z',
};

const UNITS: [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
];

/** "3 days", "5 hours": how long something has waited, in the largest whole unit. */
export function ageLabel(since: Date, now: Date): string {
  const ms = Math.max(0, now.getTime() - since.getTime());
  for (const [size, unit] of UNITS) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'}`;
  }
  return 'under a minute';
}

function presentRow(r: DeskRow, actor: Actor, now: Date) {
  return {
    id: r.id,
    title: r.title,
    state: r.state,
    stateLabel: stateLabel(r.state),
    publisher: r.publisher,
    since: r.since.toISOString(),
    age: ageLabel(r.since, now),
    openFlags: r.openFlags,
    can: { publish: can(actor, r.state, 'publish'), retryDraft: can(actor, r.state, 'retry_draft') },
  };
}

/** The desk's view model: a section per role the person holds, each with its count and sort links. */
export function presentDesk(d: Desk, actor: Actor, sort: DeskSort, now: Date) {
  const rows = (xs: DeskRow[] | null) => (xs ? xs.map((r) => presentRow(r, actor, now)) : null);
  const assigned = rows(d.assigned);
  const approved = rows(d.approved);
  const failedDrafts = d.failedDrafts
    ? d.failedDrafts.map((r) => ({
        ...presentRow(r, actor, now),
        generationId: r.generationId,
        outcome: r.generationStatus === 'cancelled' ? 'Cancelled' : 'Failed',
        error: r.error,
      }))
    : null;
  const waiting = (assigned?.length ?? 0) + (approved?.length ?? 0) + (failedDrafts?.length ?? 0);
  return {
    title: 'Desk',
    sort,
    sortLabel: SORT_LABELS[sort],
    sorts: DESK_SORTS.map((s) => ({
      key: s,
      label: SORT_LABELS[s],
      href: s === 'oldest' ? '/desk' : `/desk?sort=${s}`,
      current: s === sort,
    })),
    waiting,
    reviewer: assigned ? { rows: assigned, count: assigned.length, tabHref: '/briefings?tab=assigned' } : null,
    editor:
      approved && failedDrafts
        ? {
            approved: { rows: approved, count: approved.length, tabHref: '/briefings?tab=approved' },
            failedDrafts: { rows: failedDrafts, count: failedDrafts.length },
          }
        : null,
  };
}
