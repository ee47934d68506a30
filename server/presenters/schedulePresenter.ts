import { hasRole, type Actor } from '../policies/actor.js';
import { can } from '../review/workflow.js';
import type { BriefingSchedule } from '../queries/publishing/briefingSchedule.js';
import { utcToLocalInput } from '../util/zonedTime.js';

interface ScheduleRow {
  id: string;
  briefingId: string;
  revisionId: string;
  signOffId: string;
  runAt: Date;
  timezone: string;
  slug: string | null;
  status: string;
  createdById: string;
  createdAt: Date;
  finishedAt: Date | null;
  reason: string | null;
  publicationId: string | null;
  revisionNumber?: number | null;
}

/** A schedule as the API shows it: instants in UTC (ISO 8601), with the timezone it was chosen in. */
export function presentSchedule(s: ScheduleRow) {
  return {
    id: s.id,
    briefingId: s.briefingId,
    status: s.status,
    runAt: s.runAt.toISOString(),
    timezone: s.timezone,
    slug: s.slug,
    revisionId: s.revisionId,
    revision: s.revisionNumber ?? null,
    signOffId: s.signOffId,
    createdById: s.createdById,
    createdAt: s.createdAt.toISOString(),
    finishedAt: s.finishedAt?.toISOString() ?? null,
    reason: s.reason,
    publicationId: s.publicationId,
  };
}

function presentEmbargoes(d: BriefingSchedule) {
  return d.embargoes.map((e) => ({
    sourceId: e.id,
    title: e.title,
    publisher: e.publisher,
    notBefore: e.notBefore!.toISOString(),
  }));
}

export function presentScheduleState(d: BriefingSchedule) {
  return {
    schedule: d.latest ? presentSchedule(d.latest) : null,
    schedulable: d.briefing.state === 'approved' && d.signedOff && !d.live,
    embargoes: presentEmbargoes(d),
  };
}

/**
 * The draft page's schedule panel (review-ui/partials/schedulePanel.hbs). Times go to the template as
 * ISO instants for formatTime in the viewer's timezone; the form is prefilled in that timezone.
 */
export function presentSchedulePanel(d: BriefingSchedule, actor: Actor, now: Date) {
  const pending = d.latest?.status === 'pending' ? d.latest : null;
  const ended = d.latest && !pending ? d.latest : null;
  const mayPublish = can(actor, d.briefing.state, 'publish');
  const schedulable = mayPublish && d.signedOff && !d.live;
  if (!pending && !ended && !schedulable && !d.embargoes.length) return null;
  const embargoes = presentEmbargoes(d);
  const earliest = embargoes[0] ? new Date(embargoes[0].notBefore) : now;
  // Suggest the next full hour that is after now and after every embargo.
  const suggestion = new Date(
    Math.ceil((Math.max(earliest.getTime(), now.getTime()) + 60_000) / 3_600_000) * 3_600_000,
  );
  return {
    briefingId: d.briefing.id,
    timezone: actor.timezone,
    pending: pending
      ? { runAt: pending.runAt.toISOString(), revision: pending.revisionNumber, timezone: pending.timezone }
      : null,
    ended:
      ended && ended.status !== 'pending'
        ? {
            status: ended.status,
            published: ended.status === 'published',
            runAt: ended.runAt.toISOString(),
            reason: ended.reason,
            finishedAt: ended.finishedAt?.toISOString() ?? null,
          }
        : null,
    embargoes,
    suggestedLocalTime: utcToLocalInput(suggestion, actor.timezone),
    minLocalTime: utcToLocalInput(now, actor.timezone),
    can: { schedule: schedulable, cancel: Boolean(pending) && hasRole(actor, 'editor') },
  };
}
