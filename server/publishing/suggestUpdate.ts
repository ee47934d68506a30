import type { Prisma } from '../generated/prisma/client.js';
import { recordAudit } from '../audit/recordAudit.js';
import { notify } from '../review/notify.js';
import { enqueueEvent } from './outbox.js';

type Tx = Prisma.TransactionClient;

export const UPDATE_SUGGESTED = 'briefing.update_suggested';

/** Where a published briefing's new developments are listed and an update is started. */
export const developmentsPath = (briefingId: string) => `/publishing/${briefingId}`;

export interface SuggestedSource {
  id: string;
  title: string;
  publisher: string;
  url: string;
  publishedAt: Date | null;
  score: number;
}

/**
 * Announces that new sources match a published briefing strongly, at most once per (briefing,
 * source) whoever calls and however often: each UpdateSuggestion row is inserted first (ON CONFLICT DO
 * NOTHING; a concurrent writer of the same pair waits on the key and then inserts nothing), and only the
 * transaction that inserted it writes the audit event and the webhook event for that source. The
 * people to tell (the reviewer who signed the live version and the editors who started and published
 * it) get one notification for all the sources this call announced, so a first pass over a backlog
 * does not bury them. Returns the ids of the sources it announced.
 */
export async function suggestUpdate(
  tx: Tx,
  input: { briefingId: string; sources: SuggestedSource[]; threshold: number; at: Date },
): Promise<string[]> {
  const { briefingId, at } = input;
  const announced: SuggestedSource[] = [];
  for (const source of input.sources) {
    const inserted = await tx.$queryRaw<{ sourceId: string }[]>`
      INSERT INTO "UpdateSuggestion" ("briefingId", "sourceId", "score", "createdAt")
      VALUES (${briefingId}::uuid, ${source.id}::uuid, ${source.score}, ${at})
      ON CONFLICT DO NOTHING
      RETURNING "sourceId"`;
    if (inserted.length) announced.push(source);
  }
  if (!announced.length) return [];

  const b = await tx.briefing.findUniqueOrThrow({
    where: { id: briefingId },
    select: {
      title: true,
      slug: true,
      createdById: true,
      publications: {
        where: { supersededAt: null, unpublishedAt: null },
        orderBy: { version: 'desc' },
        take: 1,
        select: { id: true, version: true, publishedById: true, signOff: { select: { reviewerId: true } } },
      },
    },
  });
  const live = b.publications[0];
  const [first, ...more] = [...announced].sort((a, b) => b.score - a.score);
  await notify(tx, {
    userIds: [live?.signOff.reviewerId, live?.publishedById, b.createdById],
    kind: 'update_suggested',
    briefingId,
    link: developmentsPath(briefingId),
    message: more.length
      ? `${announced.length} new developments for "${b.title}", among them ${first.publisher}, "${first.title}". Start an update if the story has moved on.`
      : `New development for "${b.title}": ${first.publisher}, "${first.title}". Start an update if the story has moved on.`,
    now: at,
  });
  for (const source of announced) await announce(tx, { ...input, source, title: b.title, slug: b.slug, live });
  return announced.map((s) => s.id);
}

async function announce(
  tx: Tx,
  input: {
    briefingId: string;
    source: SuggestedSource;
    threshold: number;
    at: Date;
    title: string;
    slug: string | null;
    live: { id: string; version: number } | undefined;
  },
): Promise<void> {
  const { briefingId, source, at, live } = input;
  const score = Math.round(source.score * 1000) / 1000;
  await recordAudit(tx, {
    actor: null,
    action: UPDATE_SUGGESTED,
    entityType: 'briefing',
    entityId: briefingId,
    at,
    data: { sourceId: source.id, url: source.url, score, threshold: Math.round(input.threshold * 1000) / 1000 },
  });
  await enqueueEvent(tx, {
    type: 'update_suggested',
    briefingId,
    now: at,
    payload: {
      briefingId,
      title: input.title,
      slug: input.slug,
      publicationId: live?.id ?? null,
      version: live?.version ?? null,
      source: {
        id: source.id,
        url: source.url,
        publisher: source.publisher,
        title: source.title,
        publishedAt: source.publishedAt?.toISOString() ?? null,
      },
      score,
      threshold: Math.round(input.threshold * 1000) / 1000,
      suggestedAt: at.toISOString(),
      developmentsPath: developmentsPath(briefingId),
    },
  });
}
