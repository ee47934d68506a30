import type { Actor } from '../policies/actor.js';
import { can } from '../review/workflow.js';
import { wordDiff } from '../review/diff.js';
import type { BriefingSourceDrift, OpenDrift } from '../queries/review/sourceDrift.js';

const driftPath = (briefingId: string) => `/briefings/${briefingId}/source-drift`;

/** "Source changed" / "Source gone": the words the briefing page and the queue show. */
export function driftLabel(d: OpenDrift): string {
  return d.gone && d.changed ? 'Sources changed and gone' : d.gone ? 'Source gone' : 'Source changed';
}

export function presentDriftBadge(briefingId: string, d: OpenDrift | undefined) {
  return d ? { label: driftLabel(d), href: driftPath(briefingId), gone: d.gone > 0 } : null;
}

/** The banner on the draft page; null when nothing is open. */
export function presentDriftBanner(briefingId: string, d: OpenDrift | undefined) {
  if (!d) return null;
  const parts = [
    d.changed ? `${d.changed} source${d.changed === 1 ? '' : 's'} changed` : '',
    d.gone ? `${d.gone} source${d.gone === 1 ? '' : 's'} no longer available` : '',
  ].filter(Boolean);
  return {
    label: driftLabel(d),
    summary: `${parts.join(' and ')} since this briefing was published.`,
    latestAt: d.latestAt.toISOString(),
    href: driftPath(briefingId),
    gone: d.gone > 0,
    reopenReason: `${driftLabel(d)} since publication: ${parts.join(' and ')} (see ${driftPath(briefingId)}).`,
  };
}

export function presentDriftPage(q: BriefingSourceDrift, actor: Actor) {
  const since = q.briefing.lastPublishedAt?.getTime() ?? -Infinity;
  const drifts = q.drifts.map((d) => {
    const source = q.sources.get(d.sourceId);
    const watch = q.watches.get(d.sourceId);
    const gone = d.kind === 'gone';
    return {
      id: d.id,
      kind: d.kind,
      gone,
      label: gone ? 'Source gone' : 'Source changed',
      open: d.detectedAt.getTime() > since,
      detectedAt: d.detectedAt.toISOString(),
      source: source && { url: source.url, publisher: source.publisher, title: source.title },
      from: { number: d.fromVersion.number, fetchedAt: d.fromVersion.fetchedAt.toISOString() },
      to: {
        number: d.toVersion.number,
        fetchedAt: d.toVersion.fetchedAt.toISOString(),
        httpStatus: d.toVersion.httpStatus,
      },
      similarityPercent: d.toVersion.similarity === null ? null : Math.round(d.toVersion.similarity * 100),
      titleParts:
        gone || d.fromVersion.title === d.toVersion.title ? null : wordDiff(d.fromVersion.title, d.toVersion.title),
      parts: gone ? null : wordDiff(d.fromVersion.text, d.toVersion.text),
      lastCheck: watch?.lastCheckedAt
        ? { at: watch.lastCheckedAt.toISOString(), status: watch.status, error: watch.lastError }
        : null,
    };
  });
  const open = drifts.filter((d) => d.open);
  const firstOpen = open[0];
  return {
    title: `Source drift: ${q.briefing.title}`,
    briefing: { id: q.briefing.id, title: q.briefing.title, state: q.briefing.state },
    drifts,
    openCount: open.length,
    reopenReason: firstOpen
      ? `${firstOpen.label}: ${firstOpen.source?.publisher ?? 'a source'}, “${firstOpen.source?.title ?? ''}”`.slice(
          0,
          2000,
        )
      : '',
    can: { reopen: open.length > 0 && can(actor, q.briefing.state, 'reopen') },
  };
}
