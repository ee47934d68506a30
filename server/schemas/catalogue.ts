import { z } from 'zod';

const keywordList = z.array(z.string().trim().min(1).max(80)).max(50, 'at most 50 keywords');

/** Forms send keywords as one comma-separated field and blanks for "no link". */
const formKeywords = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  keywordList,
);
const link = z.preprocess(
  (v) => (v === '' ? null : v),
  z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2000)
    .nullable(),
);

const fields = {
  kind: z.enum(['industry', 'product'], 'must be industry or product'),
  name: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
  description: z.string().trim().min(1, 'is required').max(1000, 'must be at most 1000 characters'),
  link: link.optional(),
  keywords: keywordList.default([]),
  active: z.boolean().default(true),
  position: z.coerce.number().int().min(0).max(10_000).default(0),
};

export const CatalogueCreateBody = z.strictObject(fields);
export const CatalogueUpdateBody = z.strictObject({
  kind: fields.kind.optional(),
  name: fields.name.optional(),
  description: fields.description.optional(),
  link: link.optional(),
  keywords: keywordList.optional(),
  active: z.boolean().optional(),
  position: z.coerce.number().int().min(0).max(10_000).optional(),
});
export type CatalogueCreate = z.infer<typeof CatalogueCreateBody>;
export type CatalogueUpdate = z.infer<typeof CatalogueUpdateBody>;

export const CatalogueForm = z.strictObject({
  ...fields,
  keywords: formKeywords.default([]),
  active: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
});
