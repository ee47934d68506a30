import { EventEmitter } from 'node:events';

/**
 * In-process nudge so a generation enqueued by this process starts at once
 * instead of at the worker's next poll. Other processes find it by polling.
 */
const bus = new EventEmitter();
bus.setMaxListeners(100);

export function wakeGenerationWorkers(): void {
  bus.emit('wake');
}

export function onGenerationWake(fn: () => void): () => void {
  bus.on('wake', fn);
  return () => bus.off('wake', fn);
}
