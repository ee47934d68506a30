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

/** A raw line longer than this is refused before JSON parsing: it cannot be one sane article. */
export const MAX_LINE_CHARS = 2_000_000;
export const MAX_ERRORS_REPORTED = 1000;

/** From the file name, else from the first bytes: a JSON object opens JSON Lines, anything else is CSV. */
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

/** One record checked against ImportRecord: the line to store, or its problems by field. */
export function validateLine(
  line: number,
  value: unknown,
  raw: string,
): { good: ParsedLine } | { errors: ImportLineError[] } {
  const r = ImportRecord.safeParse(value);
  return r.success ? { good: { line, record: r.data, raw } } : { errors: issuesOf(r.error, line) };
}

/** One non-blank JSON Lines line. */
export function validateJsonLine(line: number, text: string): { good: ParsedLine } | { errors: ImportLineError[] } {
  if (text.length > MAX_LINE_CHARS) {
    return {
      errors: [
        {
          line,
          reason: `line is ${(text.length / 1e6).toFixed(1)} million characters; the limit is ${MAX_LINE_CHARS / 1e6} million`,
        },
      ],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { errors: [{ line, reason: `not valid JSON (${(e as Error).message})` }] };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { errors: [{ line, reason: 'expected a JSON object' }] };
  return validateLine(line, value, text);
}
