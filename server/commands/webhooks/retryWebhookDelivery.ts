import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { NotFoundError } from '../../errors/AppError.js';

/**
 * Makes a delivery due now (a delivered one is sent again: receivers dedupe
 * by event id). Order per briefing still holds: the worker only sends it once
 * every earlier event of its briefing has reached that endpoint.
 */
export async function retryWebhookDelivery(db: Db, actor: Actor, id: string, now: Date) {
  return db.$transaction(async (tx) => {
    const d = await tx.webhookDelivery.findUnique({
      where: { id },
      select: { id: true, status: true, endpointId: true },
    });
    if (!d) throw new NotFoundError('No such delivery.');
    await tx.webhookDelivery.update({
      where: { id },
      data: { status: 'pending', nextAttemptAt: now, leaseOwner: null, leaseExpiresAt: null, deliveredAt: null },
    });
    await recordAudit(tx, {
      actor,
      action: 'webhook.retry',
      entityType: 'webhook_endpoint',
      entityId: d.endpointId,
      data: { deliveryId: id, previousStatus: d.status },
      at: now,
    });
    return { id, endpointId: d.endpointId };
  });
}
