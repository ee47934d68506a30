import { StringDecoder } from 'node:string_decoder';
import { parse as parseCsvStream } from 'csv-parse';
import { PayloadTooLargeError } from '../../errors/AppError.js';
import { MAX_IMPORT_CHARS } from './limits.js';
import {
  MAX_LINE_CHARS,
  validateLine,
  validateJsonLine,
  type ImportFormat,
  type ImportLineError,
  type ParsedLine,
} from './parseImport.js';

/** One record of the file as read: valid (to be stored) or its problems, in file order. */
export type ImportItem = { good: ParsedLine } | { errors: ImportLineError[] };

export type ImportChunks = AsyncIterable<Buffer | string>;

/**
 * Counts bytes as they pass and stops the import once the file is over the limit: an import is
 * never held whole in memory, so the limit is enforced on the stream, not on a string.
 */
async function* limited(chunks: ImportChunks, maxBytes: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of chunks) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += buf.length;
    if (size > maxBytes)
      throw new PayloadTooLargeError(`The import is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; split it.`, {
        issues: [{ field: 'body', message: 'too large' }],
      });
    yield buf;
  }
}

/**
 * JSON Lines, one line at a time: blank lines are skipped but keep their numbers, and an overlong
 * line is dropped as it arrives (only its first MAX_LINE_CHARS are ever held).
 */
async function* jsonLines(bytes: AsyncIterable<Buffer>): AsyncGenerator<ImportItem> {
  const decoder = new StringDecoder('utf8');
  let line = 1;
  let pending = '';
  let overlong = 0;
  let first = true;
  const finish = (text: string): ImportItem | null => {
    const n = line++;
    if (overlong > 0) {
      const chars = overlong;
      overlong = 0;
      return {
        errors: [
          {
            line: n,
            reason: `line is ${(chars / 1e6).toFixed(1)} million characters; the limit is ${MAX_LINE_CHARS / 1e6} million`,
          },
        ],
      };
    }
    return text.trim() ? validateJsonLine(n, text.replace(/\r$/, '')) : null;
  };
  const take = function* (text: string): Generator<ImportItem> {
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const piece = pending + text.slice(start, nl);
      pending = '';
      if (overlong) overlong += piece.length;
      const item = finish(piece);
      if (item) yield item;
      start = nl + 1;
    }
    const rest = text.slice(start);
    if (overlong) overlong += rest.length;
    else if (pending.length + rest.length > MAX_LINE_CHARS) {
      overlong = pending.length + rest.length;
      pending = '';
    } else pending += rest;
  };
  for await (const buf of bytes) yield* take(decoder.write(buf));
  yield* take(decoder.end());
  if (pending || overlong) {
    const item = finish(pending);
    if (item) yield item;
  }
}

/** CSV with a header row naming the fields; line numbers are those of the file (header = line 1). */
async function* csvRows(bytes: AsyncIterable<Buffer>): AsyncGenerator<ImportItem> {
  type Row = { record: Record<string, string>; info: { lines: number; raw?: string } };
  const parser = parseCsvStream({
    bom: true,
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    raw: true,
    max_record_size: MAX_LINE_CHARS,
  });
  // Feed the parser from the (limited) byte stream, with backpressure, on the side.
  const feed: { error?: Error } = {};
  const feeding = (async () => {
    try {
      for await (const buf of bytes) {
        if (!parser.write(buf)) await new Promise<void>((resolve) => parser.once('drain', resolve));
      }
      parser.end();
    } catch (e) {
      feed.error = e instanceof Error ? e : new Error(String(e));
      parser.destroy(feed.error);
    }
  })();
  try {
    for await (const { record, info } of parser as AsyncIterable<Row>) {
      const raw = info.raw ?? '';
      // info.lines is where the record ends; multi-line quoted fields start earlier.
      const line = info.lines - (raw.match(/\n/g)?.length ?? 0) + (raw.endsWith('\n') ? 1 : 0);
      yield validateLine(line, record, raw || JSON.stringify(record));
    }
  } catch (e) {
    if (feed.error) throw feed.error;
    const err = e as Error & { lines?: number };
    yield { errors: [{ line: err.lines ?? 1, reason: `CSV could not be read: ${err.message}` }] };
    return;
  } finally {
    await feeding;
  }
  if (feed.error) throw feed.error;
}

/**
 * Reads an import file as a stream of records, never holding more than one record (and the
 * reader's buffers) in memory. Throws PayloadTooLargeError past `maxBytes`.
 */
export function streamImport(
  chunks: ImportChunks,
  format: ImportFormat,
  maxBytes = MAX_IMPORT_CHARS,
): AsyncGenerator<ImportItem> {
  const bytes = limited(chunks, maxBytes);
  return format === 'csv' ? csvRows(bytes) : jsonLines(bytes);
}
