import type { z } from 'zod';
import type { Request } from 'express';
import { ValidationError, type FieldIssue } from '../errors/AppError.js';
import { undecodableQuery, unstorableText } from './storableText.js';

export function zodIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: base ? `${base}.${key}` : key, message: 'is not a known field' });
    } else {
      out.push({ field: base || prefix || '(root)', message: issue.message });
    }
  }
  return out;
}

function invalid(where: string, issues: FieldIssue[], cause?: unknown): ValidationError {
  const fields = [...new Set(issues.map((i) => i.field))].join(', ');
  return new ValidationError(`Invalid ${where}: ${fields}.`, { issues, cause });
}

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query' | 'params'): T {
  let result: z.ZodSafeParseResult<T>;
  try {
    result = schema.safeParse(value ?? {});
  } catch (e) {
    // A refine or transform that throws on a value it did not expect is still that value's fault.
    throw invalid(where, [{ field: where, message: 'could not be read' }], e);
  }
  if (result.success) return result.data;
  throw invalid(where, zodIssues(result.error, where === 'body' ? undefined : where));
}

/**
 * The boundary rule (see storableText.ts), for every route whatever its schemas: a NUL, an unpaired
 * surrogate or bytes that are not UTF-8 in a path parameter, query value or parsed body, or a body
 * nested deeper than any schema, is refused naming the field. Routes that read their own body
 * (rawBody: imports) take text from outside and clean it instead.
 */
export function assertStorableInput(req: Request, opts: { rawBody?: boolean }): void {
  const issues = [
    ...unstorableText(req.params, 'params'),
    ...undecodableQuery(req.originalUrl),
    ...unstorableText(req.query, 'query'),
    ...(opts.rawBody ? [] : (req.undecodableBody ?? unstorableText(req.body))),
  ];
  if (issues.length > 0) throw invalid('input', issues);
}
