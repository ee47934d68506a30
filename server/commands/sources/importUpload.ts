import { createReadStream } from 'node:fs';
import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { AppError } from '../../errors/AppError.js';
import type { ImportFormat } from '../../sources/imports/parseImport.js';
import { invalidUtf8LinesInFile, spoolUpload } from '../../sources/imports/readUpload.js';
import { endImportRun, openImportRun } from '../../sources/imports/runRecord.js';
import { importSources, type ImportSummary } from './importSources.js';

/**
 * An import sent as a raw request body: the run is recorded at the first byte, the body is
 * spooled to a file under `spoolDir` (flat memory, no transaction waiting on the client), then
 * imported from that file, which is removed whatever happens.
 */
export async function importUpload(
  db: Db,
  actor: Actor | null,
  input: { body: NodeJS.ReadableStream; filename: string; format?: ImportFormat; spoolDir: string },
  opts: { maxBytes?: number } = {},
): Promise<ImportSummary> {
  const runId = await openImportRun(db, actor, input);
  let spooled: Awaited<ReturnType<typeof spoolUpload>>;
  try {
    spooled = await spoolUpload(input.body, input.spoolDir, opts.maxBytes);
  } catch (e) {
    const reason = e instanceof AppError ? e.detail : (e as Error).message;
    await endImportRun(db, runId, 'failed', `${reason} Nothing from the file was committed.`);
    if (e instanceof AppError)
      Object.assign(e, { extra: { ...(e.extra ?? {}), importRunId: runId, importStatus: 'failed' } });
    throw e;
  }
  try {
    return await importSources(
      db,
      actor,
      {
        chunks: createReadStream(spooled.file, { highWaterMark: 256 * 1024 }),
        filename: input.filename,
        format: input.format,
        warnings: await invalidUtf8LinesInFile(spooled.file),
      },
      { runId, maxBytes: opts.maxBytes },
    );
  } finally {
    await spooled.remove();
  }
}
