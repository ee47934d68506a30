import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../errors/AppError.js';

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

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query' | 'params'): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = zodIssues(result.error, where === 'body' ? undefined : where);
  const fields = [...new Set(issues.map((i) => i.field))].join(', ');
  throw new ValidationError(`Invalid ${where}: ${fields}.`, { issues });
}
