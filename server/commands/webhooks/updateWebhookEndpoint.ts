import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { NotFoundError } from '../../errors/AppError.js';
import { WEBHOOK_ENDPOINT_SELECT } from '../../queries/webhookSelect.js';
import { assertWebhookUrlAllowed, type WebhookUpdate } from '../../schemas/webhooks.js';

/** Pausing keeps pending deliveries; they go out, in order, when the endpoint is active again. */
export async function updateWebhookEndpoint(
  db: Db,
  actor: Actor,
  id: string,
  input: WebhookUpdate,
  opts: { allowPrivate: boolean },
) {
  if (input.url) assertWebhookUrlAllowed(input.url, opts.allowPrivate);
  return db.$transaction(async (tx) => {
    const found = await tx.webhookEndpoint.findUnique({ where: { id }, select: { id: true } });
    if (!found) throw new NotFoundError('No such webhook endpoint.');
    const endpoint = await tx.webhookEndpoint.update({
      where: { id },
      data: { ...input, ...(input.events ? { events: [...new Set(input.events)] } : {}) },
      select: WEBHOOK_ENDPOINT_SELECT,
    });
    await recordAudit(tx, {
      actor,
      action: 'webhook.updated',
      entityType: 'webhook_endpoint',
      entityId: id,
      data: { fields: Object.keys(input) },
    });
    return endpoint;
  });
}
