import type { AppDeps } from '../deps.js';
import type { Worker, WorkerFactory } from './worker.js';
import { feedPollerWorker } from './feedPoller.js';
import { webhookDeliveryWorker } from './webhookDeliveries.js';
import { createGenerationWorker } from './generationWorker.js';
import { sessionSweeperWorker } from './sessionSweeper.js';
import { importSweeperWorker } from './importSweeper.js';
import { createVerificationWorker } from './verificationWorker.js';
import { sourceDriftWorker } from './sourceDrift.js';
import { scheduledPublisherWorker } from './scheduledPublisher.js';
import { storyUpdatesWorker } from './storyUpdates.js';

/** Every background worker of the app; each capability registers its factory here. */
const FACTORIES: WorkerFactory[] = [
  feedPollerWorker,
  webhookDeliveryWorker,
  (deps) => createGenerationWorker(deps),
  (deps) => sessionSweeperWorker(deps),
  (deps) => importSweeperWorker(deps),
  (deps) => createVerificationWorker(deps),
  sourceDriftWorker,
  scheduledPublisherWorker,
  storyUpdatesWorker,
];

export function createWorkers(deps: AppDeps): Worker[] {
  return FACTORIES.map((make) => make(deps));
}
