import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { BadRequestError, PayloadTooLargeError, ValidationError } from '../../errors/AppError.js';
import { makeDirectory } from '../../util/makeDirectory.js';
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
  await makeDirectory(dir);
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

const count = (s: string, what: string) => s.split(what).length - 1;

const replacedReason = (n: number) =>
  `was not valid UTF-8: ${n === 1 ? '1 byte sequence' : `${n} byte sequences`} replaced by U+FFFD`;

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
        reason: replacedReason(replaced),
      });
    }
    start = end + 1;
  }
  return out;
}

/**
 * invalidUtf8Lines for a file sent as a string field of a JSON body (`{"content": "…"}`) whose bytes
 * were not all UTF-8: the body parser has already replaced them with U+FFFD. The same body read as
 * Latin-1 keeps one character per raw byte, and its lines are the file's (a newline in a JSON string
 * is always the escape), so a line's replaced sequences are its U+FFFD after decoding less the ones
 * that were there before: sent as UTF-8 bytes (EF BF BD) or as the escape.
 */
export function invalidUtf8LinesInJsonField(raw: Buffer, field: string, decoded: string): ImportLineError[] {
  let asBytes: unknown;
  try {
    asBytes = (JSON.parse(raw.toString('latin1')) as Record<string, unknown>)[field];
  } catch {
    return [];
  }
  if (typeof asBytes !== 'string') return [];
  const before = asBytes.split('\n');
  const out: ImportLineError[] = [];
  decoded.split('\n').forEach((text, i) => {
    const replaced = count(text, '\uFFFD') - count(before[i] ?? '', '\xEF\xBF\xBD') - count(before[i] ?? '', '\uFFFD');
    if (replaced > 0)
      out.push({
        line: i + 1,
        reason: replacedReason(replaced),
      });
  });
  return out;
}

/** invalidUtf8Lines over a file on disk, a line at a time (the file is never held whole). */
export async function invalidUtf8LinesInFile(file: string): Promise<ImportLineError[]> {
  const out: ImportLineError[] = [];
  let carry = Buffer.alloc(0);
  let line = 1;
  const check = (slice: Buffer) => {
    if (!isUtf8(slice)) for (const w of invalidUtf8Lines(slice)) out.push({ ...w, line });
    line++;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    let buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a)) {
      check(buf.subarray(0, nl));
      buf = buf.subarray(nl + 1);
    }
    carry = Buffer.from(buf);
  }
  if (carry.length) check(carry);
  return out;
}
