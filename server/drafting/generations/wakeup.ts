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

/**
 * In-process "this generation's row changed" signals (claimed, progress written, finished,
 * cancelled), so a progress stream served by the process running the job sends each change
 * as it happens. Streams still poll the row, which covers jobs run by other processes.
 */
const changes = new EventEmitter();
changes.setMaxListeners(0);

export function generationChanged(id: string): void {
  changes.emit(id);
}

export interface GenerationWatch {
  /** Resolves at the next change (or at once if one came since the last call), or after `ms`. */
  next(ms: number): Promise<void>;
  close(): void;
}

/** Subscribe before reading the row, so a change between the read and the wait is not missed. */
export function watchGeneration(id: string): GenerationWatch {
  let pending = false;
  let wake: (() => void) | null = null;
  const onChange = () => {
    pending = true;
    wake?.();
  };
  changes.on(id, onChange);
  return {
    next(ms) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wake = null;
          pending = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        wake = done;
      });
    },
    close() {
      changes.off(id, onChange);
      wake?.();
    },
  };
}
