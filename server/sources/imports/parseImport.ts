import { parse as parseCsv } from 'csv-parse/sync';
import type { z } from 'zod';
import { ImportRecord } from './importRecord.js';

export type ImportFormat = 'jsonl' | 'csv';

export interface ImportLineError {
  line: number;
  field?: string;
  reason: string;
}

export interface ParsedLine {
  line: number;
  record: ImportRecord;
  /** The line as received, archived as provenance. */
  raw: string;
}

export interface ParsedImport {
  total: number;
  good: ParsedLine[];
  errors: ImportLineError[];
}

/** A raw line longer than this is refused before JSON parsing: it cannot be one sane article. */
export const MAX_LINE_CHARS = 2_000_000;
export const MAX_ERRORS_REPORTED = 1000;

export function detectFormat(filename: string | undefined, content: string): ImportFormat {
  if (filename && /\.csv$/i.test(filename)) return 'csv';
  if (filename && /\.(jsonl|ndjson|json)$/i.test(filename)) return 'jsonl';
  return content.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

function issuesOf(error: z.ZodError, line: number): ImportLineError[] {
  return error.issues.map((i) => ({
    line,
    field: i.path.length ? i.path.map(String).join('.') : undefined,
    reason: i.message,
  }));
}

function validate(line: number, value: unknown, raw: string, out: ParsedImport): void {
  const r = ImportRecord.safeParse(value);
  if (r.success) out.good.push({ line, record: r.data, raw });
  else out.errors.push(...issuesOf(r.error, line));
}

/** JSON Lines: one object per line; blank lines are skipped but keep their numbers. */
export function parseJsonLines(content: string): ParsedImport {
  const out: ParsedImport = { total: 0, good: [], errors: [] };
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((text, i) => {
    const line = i + 1;
    if (!text.trim()) return;
    out.total++;
    if (text.length > MAX_LINE_CHARS) {
      out.errors.push({
        line,
        reason: `line is ${(text.length / 1e6).toFixed(1)} million characters; the limit is ${MAX_LINE_CHARS / 1e6} million`,
      });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      out.errors.push({ line, reason: `not valid JSON (${(e as Error).message})` });
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      out.errors.push({ line, reason: 'expected a JSON object' });
      return;
    }
    validate(line, value, text, out);
  });
  return out;
}

/** CSV with a header row naming the fields; line numbers are those of the file (header = line 1). */
export function parseCsvImport(content: string): ParsedImport {
  const out: ParsedImport = { total: 0, good: [], errors: [] };
  type Row = { record: Record<string, string>; info: { lines: number; raw?: string } };
  let rows: Row[];
  try {
    rows = parseCsv<Row>(content, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      raw: true,
      max_record_size: MAX_LINE_CHARS,
    });
  } catch (e) {
    const err = e as Error & { lines?: number };
    out.errors.push({ line: err.lines ?? 1, reason: `CSV could not be read: ${err.message}` });
    return out;
  }
  for (const { record, info } of rows) {
    out.total++;
    // info.lines is where the record ends; multi-line quoted fields start earlier.
    const line = info.lines - ((info.raw ?? '').match(/\n/g)?.length ?? 0) + ((info.raw ?? '').endsWith('\n') ? 1 : 0);
    validate(line, record, info.raw ?? JSON.stringify(record), out);
  }
  return out;
}

export function parseImport(content: string, format: ImportFormat): ParsedImport {
  const parsed = format === 'csv' ? parseCsvImport(content) : parseJsonLines(content);
  if (parsed.errors.length > MAX_ERRORS_REPORTED) {
    const hidden = parsed.errors.length - MAX_ERRORS_REPORTED;
    parsed.errors = [
      ...parsed.errors.slice(0, MAX_ERRORS_REPORTED),
      { line: 0, reason: `…and ${hidden} more errors not shown` },
    ];
  }
  return parsed;
}
