import type { Prisma } from '../../generated/prisma/client.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { notify } from '../../review/notify.js';
import { enqueueEvent } from '../../publishing/outbox.js';
import { SOURCE_DRIFT_ACTIONS } from '../../insights/drift.js';

type Tx = Prisma.TransactionClient;

export const SOURCE_DRIFTED = 'briefing.source_drifted';
if (!SOURCE_DRIFT_ACTIONS.includes(SOURCE_DRIFTED))
  throw new Error('insights/drift.ts must count briefing.source_drifted');

/** Where the word diff of a briefing's drifted sources is shown to staff. */
export const driftPath = (briefingId: string) => `/briefings/${briefingId}/source-drift`;

/**
 * Marks every published briefing resting on the source, inside the check's transaction: the drift
 * row, a notification to the reviewer who signed the live version and the editor who published it,
 * the audit event Insights counts, and the webhook event (delivered after commit by the outbox).
 */
export async function recordDrift(
  tx: Tx,
  input: {
    sourceId: string;
    kind: 'changed' | 'gone';
    from: { id: string; number: number };
    to: { id: string; number: number };
    similarity: number;
    at: Date;
  },
): Promise<string[]> {
  const { sourceId, kind, at } = input;
  const source = await tx.source.findUniqueOrThrow({
    where: { id: sourceId },
    select: { url: true, title: true, publisher: true },
  });
  const briefings = await tx.briefing.findMany({
    where: { state: 'published', OR: [{ leadSourceId: sourceId }, { sources: { some: { sourceId } } }] },
    orderBy: { id: 'asc' },
    select: {
      id: true,
      title: true,
      slug: true,
      publications: {
        where: { supersededAt: null, unpublishedAt: null },
        orderBy: { version: 'desc' },
        take: 1,
        select: { id: true, version: true, publishedById: true, signOff: { select: { reviewerId: true } } },
      },
    },
  });
  const what = kind === 'gone' ? 'is gone' : 'changed';
  for (const b of briefings) {
    const live = b.publications[0];
    await tx.sourceDrift.create({
      data: {
        briefingId: b.id,
        sourceId,
        fromVersionId: input.from.id,
        toVersionId: input.to.id,
        kind,
        detectedAt: at,
      },
    });
    await notify(tx, {
      userIds: [live?.signOff.reviewerId, live?.publishedById],
      kind: 'source_changed',
      briefingId: b.id,
      message: `A source of "${b.title}" ${what}: ${source.publisher}, "${source.title}". Check it and reopen for a correction if needed.`,
      now: at,
    });
    await recordAudit(tx, {
      actor: null,
      action: SOURCE_DRIFTED,
      entityType: 'briefing',
      entityId: b.id,
      at,
      data: {
        sourceId,
        kind,
        url: source.url,
        fromVersion: input.from.number,
        toVersion: input.to.number,
        similarity: Math.round(input.similarity * 1000) / 1000,
        publicationVersion: live?.version ?? null,
      },
    });
    await enqueueEvent(tx, {
      type: 'source_changed',
      briefingId: b.id,
      now: at,
      payload: {
        briefingId: b.id,
        title: b.title,
        slug: b.slug,
        publicationId: live?.id ?? null,
        version: live?.version ?? null,
        source: { id: sourceId, url: source.url, publisher: source.publisher, title: source.title },
        change: kind,
        similarity: Math.round(input.similarity * 1000) / 1000,
        detectedAt: at.toISOString(),
        diffPath: driftPath(b.id),
      },
    });
  }
  return briefings.map((b) => b.id);
}
