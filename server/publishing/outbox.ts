import { randomUUID } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

export const WEBHOOK_EVENTS = [
  'published',
  'corrected',
  'unpublished',
  'scheduled',
  'schedule_voided',
  'source_changed',
  'update_suggested',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** What each event announces, in the words the webhook admin page shows beside its checkbox. */
export const WEBHOOK_EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  published: 'a briefing went live',
  corrected: 'a correction was published as a new version',
  unpublished: 'a briefing was taken off the site',
  scheduled: 'a signed revision was scheduled for publication',
  schedule_voided: 'a schedule was voided (the briefing changed, or the editor cancelled it)',
  source_changed: "a published briefing's source changed or disappeared upstream",
  update_suggested: 'a new source matches a published briefing strongly: the story may need an update',
};

/**
 * Written inside the transaction of the change (publishing, a source drift check): the event exists if and only if
 * the change does, and every subscribed endpoint gets its delivery row now, so
 * an endpoint added later never receives history it did not ask for.
 */
export async function enqueueEvent(
  tx: Tx,
  input: { type: WebhookEventType; briefingId: string; payload: Record<string, unknown>; now: Date },
) {
  const event = await tx.outboxEvent.create({
    data: {
      eventId: randomUUID(),
      type: input.type,
      briefingId: input.briefingId,
      payload: input.payload as Prisma.InputJsonValue,
      createdAt: input.now,
    },
    select: { id: true, eventId: true },
  });
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { active: true, events: { has: input.type } },
    select: { id: true },
  });
  if (endpoints.length) {
    await tx.webhookDelivery.createMany({
      data: endpoints.map((e) => ({
        endpointId: e.id,
        eventId: event.id,
        orderingKey: input.briefingId,
        nextAttemptAt: input.now,
        createdAt: input.now,
      })),
    });
  }
  return event;
}
