import type { Prisma } from '../generated/prisma/client.js';
import type { GenerationKind, GenerationStatus } from '../generated/prisma/enums.js';
import { hasRole, type Actor } from '../policies/actor.js';
import { OFFLINE_LABEL } from '../drafting/offline/offlineDrafter.js';

export { GENERATION_SELECT, GENERATION_SCALARS } from '../queries/generationSelect.js';

export interface GenerationRow {
  id: string;
  briefingId: string;
  kind: GenerationKind;
  section: string | null;
  instructions: string | null;
  status: GenerationStatus;
  requestedById: string | null;
  baseRevisionId: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  attempts: number;
  maxAttempts: number;
  cancelRequested: boolean;
  offline: boolean;
  model: string | null;
  templateVersion: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  cachedTokens: number | null;
  costUsd: Prisma.Decimal | null;
  latencyMs: number | null;
  timeToFirstTokenMs: number | null;
  errorCode: string | null;
  error: string | null;
  revision: { id: string; number: number } | null;
}

const ACTIVE: GenerationStatus[] = ['queued', 'running'];

const STATUS_LABELS: Record<GenerationStatus, string> = {
  queued: 'Queued',
  running: 'Writing…',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const SECTION_LABELS: Record<string, string> = {
  title: 'Title',
  thirtySecondBriefing: '30 Second Briefing',
  technicalBrief: 'Technical Brief',
  ourTake: 'Our Take',
};

export function canCancelGeneration(actor: Actor | null, g: { status: GenerationStatus }): boolean {
  return hasRole(actor, 'editor') && ACTIVE.includes(g.status);
}

/** Where a generation's raw model output is served (text/plain); never inline in JSON or pages, where it could be large. */
export const rawOutputUrl = (g: { id: string }) => `/api/generations/${g.id}/raw-output`;

/** Finished model runs keep what the model wrote (head and tail); the offline drafter's is the draft itself. */
const hasRawOutput = (g: { status: GenerationStatus; offline: boolean }) =>
  !g.offline && (g.status === 'succeeded' || g.status === 'failed' || g.status === 'cancelled');

/** The raw-output endpoint's answer: the stored text as plain text, never interpreted by a browser. */
export function presentRawOutput(raw: string) {
  return {
    text: raw,
    contentType: 'text/plain; charset=utf-8',
    headers: { 'Content-Disposition': 'inline', 'Cache-Control': 'private, no-store' },
  };
}

/** JSON for the API. Raw model output is linked, not included (see rawOutputUrl). */
export function presentGeneration(g: GenerationRow, actor: Actor | null) {
  return {
    id: g.id,
    briefingId: g.briefingId,
    kind: g.kind,
    section: g.section,
    instructions: g.instructions,
    status: g.status,
    cancelRequested: g.cancelRequested,
    attempts: g.attempts,
    maxAttempts: g.maxAttempts,
    createdAt: g.createdAt.toISOString(),
    startedAt: g.startedAt?.toISOString() ?? null,
    finishedAt: g.finishedAt?.toISOString() ?? null,
    offline: g.offline,
    label: g.offline ? OFFLINE_LABEL : null,
    stats: {
      model: g.model,
      templateVersion: g.templateVersion,
      promptTokens: g.promptTokens,
      completionTokens: g.completionTokens,
      cachedTokens: g.cachedTokens,
      costUsd: g.costUsd == null ? null : Number(g.costUsd),
      latencyMs: g.latencyMs,
      timeToFirstTokenMs: g.timeToFirstTokenMs,
    },
    error: g.status === 'failed' ? { code: g.errorCode, message: g.error } : null,
    revision: g.revision,
    links: {
      self: `/api/generations/${g.id}`,
      rawOutput: hasRawOutput(g) ? rawOutputUrl(g) : null,
      stream: `/api/briefings/${g.briefingId}/generations/${g.id}/stream`,
      briefing: `/briefings/${g.briefingId}`,
    },
    can: { cancel: canCancelGeneration(actor, g) },
  };
}

const usd = (v: Prisma.Decimal | null) => (v == null ? null : `$${Number(v).toFixed(Number(v) < 0.01 ? 4 : 2)}`);
const seconds = (ms: number | null) => (ms == null ? null : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** View model for review-ui/partials/generationStatus.hbs. */
export function generationStatusView(g: GenerationRow, actor: Actor | null) {
  const what =
    g.kind === 'draft'
      ? 'First draft'
      : g.kind === 'regenerate'
        ? 'Regeneration'
        : `Regenerate ${SECTION_LABELS[g.section ?? ''] ?? g.section}`;
  return {
    id: g.id,
    briefingId: g.briefingId,
    what,
    instructions: g.instructions,
    status: g.status,
    statusLabel: g.cancelRequested && ACTIVE.includes(g.status) ? 'Cancelling…' : STATUS_LABELS[g.status],
    active: ACTIVE.includes(g.status),
    failed: g.status === 'failed',
    offline: g.offline,
    offlineLabel: OFFLINE_LABEL,
    model: g.model,
    templateVersion: g.templateVersion,
    tokens:
      g.promptTokens == null
        ? null
        : { prompt: g.promptTokens, completion: g.completionTokens ?? 0, cached: g.cachedTokens ?? 0 },
    cost: usd(g.costUsd),
    latency: seconds(g.latencyMs),
    ttft: seconds(g.timeToFirstTokenMs),
    error: g.status === 'failed' ? { code: g.errorCode, message: g.error } : null,
    rawOutputUrl: hasRawOutput(g) ? rawOutputUrl(g) : null,
    revisionNumber: g.revision?.number ?? null,
    streamUrl: `/api/briefings/${g.briefingId}/generations/${g.id}/stream`,
    cancelAction: `/briefings/${g.briefingId}/generations/${g.id}/cancel`,
    can: { cancel: canCancelGeneration(actor, g) },
  };
}
