import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { BadRequestError, PayloadTooLargeError, ValidationError } from '../../errors/AppError.js';
import { MAX_IMPORT_CHARS } from './limits.js';
import type { ImportFormat } from './parseImport.js';

const TEXT_TYPES: Record<string, ImportFormat | undefined> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
  'application/jsonlines': 'jsonl',
  'text/plain': undefined,
};

/**
 * Import files sent as the raw request body (curl --data-binary @file.jsonl
 * -H 'Content-Type: application/x-ndjson'), past the app's 1 MB JSON limit:
 * the format its Content-Type names, or a 400 for a type that is not a text file.
 */
export function uploadFormat(req: Request): ImportFormat | undefined {
  const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!(type in TEXT_TYPES)) {
    throw new ValidationError(
      `Unsupported Content-Type ${JSON.stringify(type)}: send text/csv, application/x-ndjson or application/json.`,
      {
        issues: [{ field: 'body', message: 'unsupported content type' }],
      },
    );
  }
  return TEXT_TYPES[type];
}

/**
 * Copies an upload to a file of its own under `dir`, up to `maxBytes`, so the import reads it from
 * disk: memory stays flat whatever its size, and the import's transaction never waits on a slow
 * client. The caller removes the file (the returned `remove`).
 */
export async function spoolUpload(
  body: NodeJS.ReadableStream,
  dir: string,
  maxBytes = MAX_IMPORT_CHARS,
): Promise<{ file: string; bytes: number; remove: () => Promise<void> }> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `import-${randomUUID()}.part`);
  const remove = () => rm(file, { force: true });
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes)
        done(
          new PayloadTooLargeError(`The import is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; split it.`, {
            issues: [{ field: 'body', message: 'too large' }],
          }),
        );
      else done(null, chunk);
    },
  });
  try {
    await pipeline(body, limit, createWriteStream(file, { flags: 'wx' }));
  } catch (e) {
    await remove();
    if (e instanceof PayloadTooLargeError) throw e;
    throw new BadRequestError('upload_incomplete', 'The upload stopped before the end of the file.', { cause: e });
  }
  return { file, bytes, remove };
}
