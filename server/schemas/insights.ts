import { z } from 'zod';

// An empty form field (the page's "any" choices) means "no filter".
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

const day = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, 'is not a calendar date')
    // Far outside any briefing's life, and beyond what every driver round-trips.
    .refine((s) => s >= '1970-01-01' && s <= '2999-12-31', 'must be between 1970-01-01 and 2999-12-31')
    .optional(),
);

const label = (max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(max, `must be at most ${max} characters`)
      // Prompt versions and model names are printable identifiers; control characters are never one.
      .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')
      .optional(),
  );

const requiredLabel = (max: number) =>
  z
    .string({ error: 'is required' })
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

const period = {
  from: day.describe(
    'first day of the period (UTC, inclusive): briefings whose first AI draft was written on or after it',
  ),
  to: day.describe('last day of the period (UTC, inclusive)'),
  model: label(200).describe('model of the first AI draft, e.g. gpt-4o-mini or offline-drafter'),
};

const periodInOrder = (q: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (q.from && q.to && q.from > q.to)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
};

export const InsightsQuery = z
  .strictObject({
    ...period,
    promptVersion: label(100).describe('prompt version (template hash) of the first AI draft'),
  })
  .superRefine(periodInOrder);
export type InsightsQuery = z.infer<typeof InsightsQuery>;

export const InsightBriefingsQuery = z
  .strictObject({
    ...period,
    promptVersion: label(100),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .superRefine(periodInOrder);
export type InsightBriefingsQuery = z.infer<typeof InsightBriefingsQuery>;

export const CompareQuery = z
  .strictObject({
    ...period,
    a: requiredLabel(100).describe('the first prompt version'),
    b: requiredLabel(100).describe('the second prompt version'),
  })
  .superRefine(periodInOrder);
export type CompareQuery = z.infer<typeof CompareQuery>;

/** The page picks the two most recently used versions when none are chosen. */
export const ComparePageQuery = z.strictObject({ ...period, a: label(100), b: label(100) }).superRefine(periodInOrder);
export type ComparePageQuery = z.infer<typeof ComparePageQuery>;

export const INSIGHT_TABLES = [
  'summary',
  'prompt-versions',
  'models',
  'reviewers',
  'weeks',
  'flags',
  'briefings',
] as const;
export type InsightTable = (typeof INSIGHT_TABLES)[number];

export const InsightsExportQuery = z
  .strictObject({
    ...period,
    promptVersion: label(100),
    table: z.enum(INSIGHT_TABLES).default('summary').describe('which table of the Insights page'),
  })
  .superRefine(periodInOrder);
export type InsightsExportQuery = z.infer<typeof InsightsExportQuery>;

/** The period as instants: from midnight UTC of the first day to midnight after the last. */
export function periodOf(q: { from?: string; to?: string }): { from?: Date; to?: Date } {
  return {
    from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
    to: q.to ? new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
  };
}
