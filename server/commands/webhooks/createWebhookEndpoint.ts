import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { newWebhookSecret } from '../../publishing/webhooks/sign.js';
import { WEBHOOK_ENDPOINT_SELECT } from '../../queries/webhookSelect.js';
import { assertWebhookUrlAllowed, type WebhookCreate } from '../../schemas/webhooks.js';

/** The secret is returned here once; receivers need it to verify signatures. */
export async function createWebhookEndpoint(
  db: Db,
  actor: Actor,
  input: WebhookCreate,
  opts: { allowPrivate: boolean },
) {
  assertWebhookUrlAllowed(input.url, opts.allowPrivate);
  const secret = input.secret ?? newWebhookSecret();
  return db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.create({
      data: { url: input.url, description: input.description, events: [...new Set(input.events)], secret },
      select: WEBHOOK_ENDPOINT_SELECT,
    });
    await recordAudit(tx, {
      actor,
      action: 'webhook.created',
      entityType: 'webhook_endpoint',
      entityId: endpoint.id,
      data: { url: endpoint.url, events: endpoint.events },
    });
    return { endpoint, secret };
  });
}
