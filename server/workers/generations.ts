import type { WorkerFactory } from './worker.js';
import { createGenerationWorker } from '../drafting/jobs/generationWorker.js';

/** Runs queued LLM (or offline) generations; any number of app processes may run it. */
export const generationWorker: WorkerFactory = (deps) => createGenerationWorker(deps);
