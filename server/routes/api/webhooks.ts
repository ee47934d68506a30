import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { adminOnly } from '../../policies/routePolicy.js';
import { uuidParam } from '../../schemas/common.js';
import { NotFoundError } from '../../errors/AppError.js';
import { WebhookCreateBody, WebhookUpdateBody } from '../../schemas/webhooks.js';
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

const tags = ['webhooks'];
const DeliveryQuery = z.strictObject({
  status: z.enum(['pending', 'delivered']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const webhookApiRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/webhooks',
    kind: 'api',
    policy: adminOnly,
    tags,
    summary: 'Webhook endpoints (secrets are never returned).',
    handler: async ({ deps }) => {
      const rows = await deps.db.prisma.webhookEndpoint.findMany({
        select: WEBHOOK_ENDPOINT_SELECT,
        orderBy: { createdAt: 'asc' },
      });
      return { json: { endpoints: rows.map(presentWebhookEndpoint) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/webhooks',
    kind: 'api',
    policy: adminOnly,
    tags,
    body: WebhookCreateBody,
    summary:
      'Add an endpoint for published / corrected / unpublished events. The signing secret is in this response only.',
    handler: async ({ deps, actor, body }) => {
      const { endpoint, secret } = await createWebhookEndpoint(deps.db.prisma, actor!, body, {
        allowPrivate: deps.config.webhookAllowPrivate,
      });
      return { status: 201, json: { ...presentWebhookEndpoint(endpoint), secret } };
    },
  }),
  route({
    method: 'patch',
    path: '/api/webhooks/:id',
    kind: 'api',
    policy: adminOnly,
    tags,
    params: uuidParam,
    body: WebhookUpdateBody,
    summary: 'Change an endpoint; active=false pauses it (pending deliveries wait).',
    handler: async ({ deps, actor, params, body }) => ({
      json: presentWebhookEndpoint(
        await updateWebhookEndpoint(deps.db.prisma, actor!, params.id, body, {
          allowPrivate: deps.config.webhookAllowPrivate,
        }),
      ),
    }),
  }),
  route({
    method: 'delete',
    path: '/api/webhooks/:id',
    kind: 'api',
    policy: adminOnly,
    tags,
    params: uuidParam,
    summary: 'Remove an endpoint and its delivery log.',
    handler: async ({ deps, actor, params }) => {
      await deleteWebhookEndpoint(deps.db.prisma, actor!, params.id);
      return { status: 204 };
    },
  }),
  route({
    method: 'get',
    path: '/api/webhooks/:id/deliveries',
    kind: 'api',
    policy: adminOnly,
    tags,
    params: uuidParam,
    query: DeliveryQuery,
    summary: 'Delivery log of one endpoint, newest first.',
    handler: async ({ deps, params, query }) => {
      const e = await deps.db.prisma.webhookEndpoint.findUnique({ where: { id: params.id }, select: { id: true } });
      if (!e) throw new NotFoundError('No such webhook endpoint.');
      const rows = await deps.db.prisma.webhookDelivery.findMany({
        where: { endpointId: params.id, ...(query.status ? { status: query.status } : {}) },
        select: WEBHOOK_DELIVERY_SELECT,
        orderBy: { eventId: 'desc' },
        take: query.limit,
      });
      return { json: { deliveries: rows.map(presentWebhookDelivery) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/webhooks/deliveries/:id/retry',
    kind: 'api',
    policy: adminOnly,
    tags,
    params: uuidParam,
    summary: 'Send a delivery again now (in order behind earlier events of its briefing).',
    handler: async ({ deps, actor, params }) => {
      await retryWebhookDelivery(deps.db.prisma, actor!, params.id, deps.now());
      return { status: 202, json: { id: params.id, status: 'pending' } };
    },
  }),
];
