import type { AppDeps } from '../deps.js';
import type { Worker, WorkerFactory } from './worker.js';

/** Every background worker of the app; each capability registers its factory here. */
const FACTORIES: WorkerFactory[] = [];

export function createWorkers(deps: AppDeps): Worker[] {
  return FACTORIES.map((make) => make(deps));
}
