import type { Request } from 'express';
import { PayloadTooLargeError, ValidationError } from '../../errors/AppError.js';
import { MAX_IMPORT_CHARS } from './limits.js';
import { isUtf8 } from 'node:buffer';
import type { ImportFormat, ImportLineError } from './parseImport.js';

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
export async function readUpload(
  req: Request,
): Promise<{ content: string; format?: ImportFormat; warnings: ImportLineError[] }> {
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
  const bytes = Buffer.concat(chunks);
  return { content: bytes.toString('utf8'), format: TEXT_TYPES[type], warnings: invalidUtf8Lines(bytes) };
}

const count = (s: string, what: string) => s.split(what).length - 1;

/**
 * Decoding replaces bytes that are not UTF-8 with U+FFFD; which lines that happened to is reported
 * (file line numbers, as the rest of the report uses), so the change is never silent.
 */
export function invalidUtf8Lines(bytes: Buffer): ImportLineError[] {
  if (isUtf8(bytes)) return [];
  const out: ImportLineError[] = [];
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const slice = bytes.subarray(start, end);
    if (!isUtf8(slice)) {
      const replaced = count(slice.toString('utf8'), '\uFFFD') - count(slice.toString('latin1'), '\xEF\xBF\xBD');
      out.push({
        line,
        reason: `was not valid UTF-8: ${replaced === 1 ? '1 byte sequence' : `${replaced} byte sequences`} replaced by U+FFFD`,
      });
    }
    start = end + 1;
  }
  return out;
}
