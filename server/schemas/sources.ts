import { z } from 'zod';
import { MAX_TEXT_CHARS, MAX_TITLE_CHARS } from '../sources/ingest/prepareSource.js';
import { MAX_TERM_CHARS } from '../sources/search/tsQuery.js';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const dateParam = z.preprocess(
  blankToUndefined,
  z.iso
    .date('must be a date (YYYY-MM-DD)')
    .transform((s) => new Date(`${s}T00:00:00Z`))
    .optional(),
);
const origins = ['feed', 'page', 'import', 'api'] as const;

export const SourceSearchQuery = z.strictObject({
  q: z.preprocess(
    blankToUndefined,
    z.string().max(MAX_TERM_CHARS, `is longer than ${MAX_TERM_CHARS} characters`).optional(),
  ),
  publisher: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  from: dateParam,
  to: dateParam,
  feedId: z.preprocess(blankToUndefined, z.uuid('must be a UUID').optional()),
  origin: z.preprocess(blankToUndefined, z.enum(origins, 'must be one of feed, page, import, api').optional()),
  includeDuplicates: z.preprocess((v) => v === 'true' || v === 'on' || v === '1', z.boolean()).optional(),
  page: z.preprocess(
    blankToUndefined,
    z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000).optional(),
  ),
  pageSize: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100, 'must be at most 100').optional()),
});

export const KeywordStatsQuery = z.strictObject({
  term: z.string().trim().min(1, 'is required').max(200, 'is longer than 200 characters'),
  from: dateParam,
  to: dateParam,
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(500, 'must be at most 500').optional()),
});

export const CollationQuery = z.strictObject({
  k: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(1, 'must be at least 1').max(50, 'must be at most 50').optional(),
  ),
  tokenBudget: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(100, 'must be at least 100').max(200_000).optional(),
  ),
});

/** POST /api/sources: one article from another system. */
export const CreateSourceBody = z
  .strictObject({
    title: z.string({ error: 'is required' }).trim().min(1, 'is required').max(MAX_TITLE_CHARS),
    text: z.string().max(MAX_TEXT_CHARS, `is longer than ${MAX_TEXT_CHARS} characters`).optional(),
    body: z.string().max(MAX_TEXT_CHARS, `is longer than ${MAX_TEXT_CHARS} characters`).optional(),
    publisher: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .optional()
      .nullable(),
    publishedAt: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 timestamp' })
      .or(z.iso.date())
      .transform((s) => new Date(s))
      .optional()
      .nullable(),
    author: z.string().max(300).optional().nullable(),
    language: z.string().max(35).optional().nullable(),
    id: z.string().max(200).optional().nullable(),
  })
  .superRefine((b, ctx) => {
    if (!b.text?.trim() && !b.body?.trim())
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'is required (give "text" or "body")' });
  });

export const PageBody = z.strictObject({ url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }) });
export const SavedPageBody = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  html: z.string().min(1, 'is required'),
  filename: z.string().max(255).optional(),
});

export const ImportJsonBody = z.strictObject({
  content: z.string().min(1, 'is required'),
  filename: z.string().max(255).optional(),
  format: z.enum(['jsonl', 'csv'], 'must be jsonl or csv').optional(),
});

export const CreateFeedBody = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  pollIntervalMinutes: z.coerce
    .number()
    .int('must be a whole number')
    .min(5, 'must be at least 5')
    .max(10_080, 'must be at most 10080 (a week)')
    .optional(),
  publisher: z.string().trim().max(200).optional(),
});

export const UpdateFeedBody = z.strictObject({
  status: z.enum(['active', 'paused'], 'must be active or paused').optional(),
  pollIntervalMinutes: z.coerce
    .number()
    .int('must be a whole number')
    .min(5, 'must be at least 5')
    .max(10_080, 'must be at most 10080 (a week)')
    .optional(),
  publisher: z.string().trim().max(200).nullable().optional(),
});

export const archiveParams = z.strictObject({ id: z.uuid('must be a UUID'), archiveId: z.uuid('must be a UUID') });
