import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How far past its live size the V8 heap may grow while a bulk job runs: collected at 10 % over
 * what survived the last full collection.
 *
 * Left to itself, V8 lets the old generation reach up to four times that before collecting again
 * (its factor for a process whose heap limit is 1 GB or more). A job that allocates and drops
 * megabytes a second, as an import does (each batch's records, their JSON, the driver's buffers),
 * then peaks at three to four times what it holds: a 200 MB import held ~80 MB of heap and peaked
 * at 512 MB RSS. With the factor pinned the same import stays under 300 MB at about the same speed
 * (bench/RESULTS.md, bench:import: 25 % left it at 290–300 MB, too close); the rest of the process
 * meanwhile gets more frequent, shorter collections of the same small heap.
 */
const GROWING_PERCENT = 10;

let running = 0;
let collect: (() => void) | undefined;

/**
 * One full collection. V8 sets its next limit only at a full collection, and the last one may be
 * from start-up, with the default factor: a CLI import or a server that had just started reached
 * ~150 MB of heap before the bound applied. `gc` is exposed for as long as it takes to fetch it.
 */
function collectNow(): void {
  if (!collect) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) collect = exposed;
    else {
      v8.setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
      v8.setFlagsFromString('--no-expose-gc');
    }
  }
  collect();
}

/**
 * Runs `fn` with the heap's growth bounded (see GROWING_PERCENT); V8's own choice comes back when the
 * last such job ends. `--heap-growing-percent` is read at every collection, so setting it at run time
 * takes effect at the next one (0 is V8's default: no fixed factor), which is made at once.
 */
export async function withBoundedHeapGrowth<T>(fn: () => Promise<T>): Promise<T> {
  if (running++ === 0) {
    v8.setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
    collectNow();
  }
  try {
    return await fn();
  } finally {
    if (--running === 0) v8.setFlagsFromString('--heap-growing-percent=0');
  }
}
