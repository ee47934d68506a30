export { WEBHOOK_ENDPOINT_SELECT } from '../queries/webhookSelect.js';

export function presentWebhookEndpoint(e: {
  id: string;
  url: string;
  description: string;
  events: string[];
  active: boolean;
  createdAt: Date;
}) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events,
    active: e.active,
    createdAt: e.createdAt.toISOString(),
  };
}

export const WEBHOOK_DELIVERY_SELECT = {
  id: true,
  endpointId: true,
  orderingKey: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastStatus: true,
  lastError: true,
  deliveredAt: true,
  createdAt: true,
  event: { select: { eventId: true, type: true, briefingId: true, createdAt: true } },
} as const;

interface DeliveryRow {
  id: string;
  endpointId: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  event: { eventId: string; type: string; briefingId: string | null; createdAt: Date };
}

export function presentWebhookDelivery(d: DeliveryRow) {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventId: d.event.eventId,
    type: d.event.type,
    briefingId: d.event.briefingId,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'delivered' ? null : d.nextAttemptAt.toISOString(),
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    can: { retry: d.status !== 'delivered' },
  };
}
