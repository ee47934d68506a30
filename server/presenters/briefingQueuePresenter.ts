import {
  QUEUE_TABS,
  QUEUE_TAB_LABELS,
  type QueueFilters,
  type briefingQueue,
} from '../queries/review/briefingQueue.js';
import { BRIEFING_STATES, stateLabel } from '../review/workflow.js';

type Queue = Awaited<ReturnType<typeof briefingQueue>>;

export function presentQueueRow(r: Queue['rows'][number]) {
  return {
    id: r.id,
    title: r.title,
    state: r.state,
    stateLabel: stateLabel(r.state),
    publisher: r.publisher,
    assignee: r.assigneeName,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Tabs with counts, filters echoed back into the form, and page links that keep the filters. */
export function presentQueuePage(q: Queue, f: QueueFilters) {
  const params = (over: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams();
    const all = { tab: f.tab, q: f.q, state: f.state, assignee: f.assigneeId, page: f.page, ...over };
    for (const [k, v] of Object.entries(all))
      if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) p.set(k, String(v));
    return `/briefings?${p.toString()}`;
  };
  const pages = Math.max(1, Math.ceil(q.total / f.perPage));
  return {
    title: 'Briefings',
    tabs: QUEUE_TABS.map((t) => ({
      key: t,
      label: QUEUE_TAB_LABELS[t],
      count: q.counts[t],
      current: t === f.tab,
      href: params({ tab: t, page: undefined, state: undefined }),
    })),
    tab: f.tab,
    tabLabel: QUEUE_TAB_LABELS[f.tab],
    filters: { q: f.q ?? '', state: f.state ?? '', assignee: f.assigneeId ?? '' },
    stateOptions: BRIEFING_STATES.map((s) => ({ value: s, label: stateLabel(s), selected: s === f.state })),
    rows: q.rows.map(presentQueueRow),
    total: q.total,
    page: f.page,
    pages,
    prev: f.page > 1 ? params({ page: f.page - 1 }) : null,
    next: f.page < pages ? params({ page: f.page + 1 }) : null,
  };
}
