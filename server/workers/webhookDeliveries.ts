import type { AppDeps } from '../deps.js';
import { pollingWorker, type Worker, workerOwner } from './worker.js';
import { deliverDue } from '../publishing/webhooks/deliveries.js';

/** Sends outbox webhook deliveries; several processes may run it side by side. */
export function webhookDeliveryWorker(deps: AppDeps): Worker {
  const owner = workerOwner();
  return pollingWorker(
    'webhook-deliveries',
    2000,
    async () =>
      (await deliverDue(deps.db.prisma, owner, deps.now(), {
        allowPrivate: deps.config.webhookAllowPrivate,
        lookup: deps.resolveHost,
        leases: deps.config.leases,
      })) > 0,
    (err) => deps.logger.error({ err }, 'webhook delivery pass failed'),
  );
}
