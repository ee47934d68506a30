import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { NotFoundError } from '../../errors/AppError.js';

export async function deleteWebhookEndpoint(db: Db, actor: Actor, id: string) {
  return db.$transaction(async (tx) => {
    const found = await tx.webhookEndpoint.findUnique({ where: { id }, select: { url: true } });
    if (!found) throw new NotFoundError('No such webhook endpoint.');
    // The same delete sent twice at once finds the row twice: the second waits for the first's
    // delete, removes nothing and is the same 404 as a later one.
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id } });
    if (count === 0) throw new NotFoundError('No such webhook endpoint.');
    await recordAudit(tx, {
      actor,
      action: 'webhook.deleted',
      entityType: 'webhook_endpoint',
      entityId: id,
      data: { url: found.url },
    });
  });
}
