import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { clearLogs } from '@prisma/debug';
import { Debug } from '@prisma/client/runtime/client';

const evict = Debug('briefing-desk:release');
/** The size of each ring (@prisma/debug's MAX_ARGS_HISTORY, copied into the client runtime). */
const RING = 100;

/** Driver adapters that bring their own copy of @prisma/debug (another version), hence another ring. */
const NESTED = ['pglite-prisma-adapter'];

let nested: Promise<(() => void)[]> | undefined;
function nestedClears(): Promise<(() => void)[]> {
  nested ??= (async () => {
    const require = createRequire(import.meta.url);
    const clears: (() => void)[] = [];
    for (const pkg of NESTED) {
      try {
        const root = path.dirname(path.dirname(require.resolve(pkg)));
        const entry = path.join(root, 'node_modules', '@prisma', 'debug', 'dist', 'index.mjs');
        if (!existsSync(entry)) continue;
        const mod = (await import(pathToFileURL(entry).href)) as { clearLogs?: () => void };
        if (mod.clearLogs) clears.push(mod.clearLogs);
      } catch {
        // Not installed, or laid out differently: its ring stays bounded at 100 calls anyway.
      }
    }
    return clears;
  })();
  return nested;
}

/**
 * Prisma keeps the arguments of its last 100 debug calls in memory even when DEBUG is off, for
 * its crash reports: one ring in the client runtime (which logs every query plan with its
 * parameters) and one in each copy of `@prisma/debug` (the driver adapters log every query with its
 * values). After bulk statements carrying megabytes of parameters (an import's batch of rows as
 * JSON) those rings hold hundreds of MB: 20 statements of 2 MB each kept 40 MB of heap after a full
 * GC, in every one of the rings. A bulk writer calls this between batches so they hold nothing large.
 */
export async function releasePrismaDebugHistory(): Promise<void> {
  clearLogs();
  for (const clear of await nestedClears()) clear();
  // The client runtime bundles its own copy, whose ring cannot be cleared: push it out.
  for (let i = 0; i < RING; i++) evict('');
}
