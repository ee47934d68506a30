import { route, type AnyRoute } from '../../http/route.js';
import { adminOnly } from '../../policies/routePolicy.js';
import { uuidParam } from '../../schemas/common.js';
import { NotFoundError } from '../../errors/AppError.js';
import { WebhookForm } from '../../schemas/webhooks.js';
import { formBoolean } from '../../schemas/common.js';
import { z } from 'zod';
import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENTS } from '../../publishing/outbox.js';
import {
  presentWebhookDelivery,
  presentWebhookEndpoint,
  WEBHOOK_DELIVERY_SELECT,
  WEBHOOK_ENDPOINT_SELECT,
} from '../../presenters/webhookPresenter.js';
import { createWebhookEndpoint } from '../../commands/webhooks/createWebhookEndpoint.js';
import { updateWebhookEndpoint } from '../../commands/webhooks/updateWebhookEndpoint.js';
import { deleteWebhookEndpoint } from '../../commands/webhooks/deleteWebhookEndpoint.js';
import { retryWebhookDelivery } from '../../commands/webhooks/retryWebhookDelivery.js';
import type { AppDeps } from '../../deps.js';

async function listModel(deps: AppDeps) {
  const rows = await deps.db.prisma.webhookEndpoint.findMany({
    select: WEBHOOK_ENDPOINT_SELECT,
    orderBy: { createdAt: 'asc' },
  });
  const pending = await deps.db.prisma.webhookDelivery.groupBy({
    by: ['endpointId'],
    where: { status: 'pending' },
    _count: { _all: true },
  });
  const counts = new Map(pending.map((p) => [p.endpointId, p._count._all]));
  return {
    endpoints: rows.map((r) => ({ ...presentWebhookEndpoint(r), pending: counts.get(r.id) ?? 0 })),
    eventChoices: WEBHOOK_EVENTS.map((event) => ({ event, description: WEBHOOK_EVENT_DESCRIPTIONS[event] })),
  };
}

export const webhookAdminPageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/admin/webhooks',
    kind: 'page',
    policy: adminOnly,
    summary: 'Webhook endpoints',
    handler: async ({ deps }) => ({ view: 'admin/webhooks', title: 'Webhooks', model: await listModel(deps) }),
  }),
  route({
    method: 'post',
    path: '/admin/webhooks',
    kind: 'page',
    policy: adminOnly,
    summary: 'Add a webhook endpoint',
    body: WebhookForm,
    handler: async ({ deps, actor, body }) => {
      const { endpoint, secret } = await createWebhookEndpoint(deps.db.prisma, actor!, body, {
        allowPrivate: deps.config.webhookAllowPrivate,
      });
      // The secret is shown on this response only, never stored in a flash or a URL.
      return {
        view: 'admin/webhooks',
        title: 'Webhooks',
        model: { ...(await listModel(deps)), created: { url: endpoint.url, secret } },
      };
    },
  }),
  route({
    method: 'get',
    path: '/admin/webhooks/:id',
    kind: 'page',
    policy: adminOnly,
    summary: 'Webhook endpoint and its delivery log',
    params: uuidParam,
    handler: async ({ deps, params }) => {
      const e = await deps.db.prisma.webhookEndpoint.findUnique({
        where: { id: params.id },
        select: WEBHOOK_ENDPOINT_SELECT,
      });
      if (!e) throw new NotFoundError('No such webhook endpoint.');
      const deliveries = await deps.db.prisma.webhookDelivery.findMany({
        where: { endpointId: e.id },
        select: WEBHOOK_DELIVERY_SELECT,
        orderBy: { eventId: 'desc' },
        take: 200,
      });
      const endpoint = presentWebhookEndpoint(e);
      return {
        view: 'admin/webhook',
        title: `Webhook ${endpoint.url}`,
        model: {
          endpoint,
          deliveries: deliveries.map(presentWebhookDelivery),
          eventChoices: WEBHOOK_EVENTS.map((ev) => ({ event: ev, checked: e.events.includes(ev) })),
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/admin/webhooks/:id',
    kind: 'page',
    policy: adminOnly,
    summary: 'Save a webhook endpoint',
    params: uuidParam,
    body: z.strictObject({
      url: WebhookForm.shape.url,
      description: WebhookForm.shape.description,
      events: WebhookForm.shape.events,
      active: formBoolean,
    }),
    handler: async ({ deps, actor, params, body }) => {
      await updateWebhookEndpoint(deps.db.prisma, actor!, params.id, body, {
        allowPrivate: deps.config.webhookAllowPrivate,
      });
      return { redirect: `/admin/webhooks/${params.id}`, flash: 'Saved.' };
    },
  }),
  route({
    method: 'post',
    path: '/admin/webhooks/:id/delete',
    kind: 'page',
    policy: adminOnly,
    summary: 'Remove a webhook endpoint',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      await deleteWebhookEndpoint(deps.db.prisma, actor!, params.id);
      return { redirect: '/admin/webhooks', flash: 'Endpoint removed.' };
    },
  }),
  route({
    method: 'post',
    path: '/admin/webhooks/deliveries/:id/retry',
    kind: 'page',
    policy: adminOnly,
    summary: 'Retry a webhook delivery now',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      const r = await retryWebhookDelivery(deps.db.prisma, actor!, params.id, deps.now());
      return { redirect: `/admin/webhooks/${r.endpointId}`, flash: 'Queued for another attempt.' };
    },
  }),
];
