import type { Request } from 'express';
import { PayloadTooLargeError, ValidationError } from '../../errors/AppError.js';
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
 * -H 'Content-Type: application/x-ndjson'): read here, past the app's 1 MB
 * JSON limit, up to MAX_IMPORT_CHARS.
 */
export async function readUpload(req: Request): Promise<{ content: string; format?: ImportFormat }> {
  const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!(type in TEXT_TYPES)) {
    throw new ValidationError(
      `Unsupported Content-Type ${JSON.stringify(type)}: send text/csv, application/x-ndjson or application/json.`,
      {
        issues: [{ field: 'body', message: 'unsupported content type' }],
      },
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_IMPORT_CHARS)
      throw new PayloadTooLargeError(`The import is larger than ${MAX_IMPORT_CHARS / 1024 / 1024} MB; split it.`, {
        issues: [{ field: 'body', message: 'too large' }],
      });
    chunks.push(chunk);
  }
  return { content: Buffer.concat(chunks).toString('utf8'), format: TEXT_TYPES[type] };
}
