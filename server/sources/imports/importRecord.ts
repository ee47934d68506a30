import { z } from 'zod';
import { MAX_TEXT_CHARS, MAX_TITLE_CHARS } from '../ingest/prepareSource.js';

const optionalText = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined));

/** ISO dates (2006-02-01, 2006-02-01T10:00:00Z) and RFC 2822 dates; anything else is an error, not a guess. */
const dateField = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v, ctx) => {
    if (v === null || v === undefined || v.trim() === '') return undefined;
    const s = v.trim();
    const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(s);
    const d = new Date(iso && s.length === 10 ? `${s}T00:00:00Z` : s);
    const year = d.getUTCFullYear();
    if (Number.isNaN(d.getTime()) || (!iso && !/[A-Za-z]{3}/.test(s)) || year < 1800 || year > 2200) {
      ctx.addIssue({
        code: 'custom',
        message: `is not a valid date (${JSON.stringify(s.slice(0, 40))}); use YYYY-MM-DD or an ISO 8601 timestamp`,
      });
      return z.NEVER;
    }
    return d;
  });

const longText = (name: string) =>
  optionalText.refine((v) => v === undefined || v.length <= MAX_TEXT_CHARS, {
    message: `is too long: the limit is ${MAX_TEXT_CHARS / 1_000_000} million characters per ${name}`,
  });

/**
 * One imported article (a JSON Lines object or a CSV row). Unknown fields are
 * kept in the archived raw line but otherwise ignored, since exports from other
 * systems carry their own bookkeeping (licence, origin…).
 */
export const ImportRecord = z
  .object({
    id: z
      .union([z.string(), z.number(), z.null()])
      .optional()
      .transform((v) => (v === null || v === undefined || v === '' ? undefined : String(v))),
    title: z
      .string({ error: 'is required' })
      .trim()
      .min(1, 'is required')
      .max(MAX_TITLE_CHARS, `is longer than ${MAX_TITLE_CHARS} characters`),
    body: longText('record'),
    text: longText('record'),
    publisher: z
      .string({ error: 'is required' })
      .trim()
      .min(1, 'is required')
      .max(200, 'is longer than 200 characters'),
    url: optionalText.refine((v) => v === undefined || /^https?:\/\/\S+$/i.test(v), 'must be an http(s) URL'),
    published_at: dateField,
    author: optionalText,
    language: optionalText,
  })
  .superRefine((r, ctx) => {
    if (!r.body && !r.text)
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'is required (give "body" or "text")' });
  });

export type ImportRecord = z.output<typeof ImportRecord>;
