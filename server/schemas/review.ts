import { z } from 'zod';
import { BRIEFING_STATES } from '../review/workflow.js';
import { QUEUE_TABS } from '../queries/review/briefingQueue.js';
import { MAX_KEYWORD_CHARS } from '../sources/text/keywords.js';
import { textToKeywords } from '../review/content.js';

const MAX_TEXT = 20_000;
const text = (max = MAX_TEXT) => z.string().max(max, `must be at most ${max} characters`);

const MAX_KEYWORDS = 50;
// Typed as text ("rare earths, magnets"), keywords are held to the same limits as the list form.
const keywordsText = text(2000).superRefine((s, ctx) => {
  const keywords = textToKeywords(s);
  if (keywords.length > MAX_KEYWORDS)
    ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_KEYWORDS} keywords` });
  const long = keywords.find((k) => k.length > MAX_KEYWORD_CHARS);
  if (long)
    ctx.addIssue({
      code: 'custom',
      message: `each keyword must be at most ${MAX_KEYWORD_CHARS} characters ("${long.slice(0, 30)}…" is ${long.length})`,
    });
});

const bullet = z.strictObject({ text: text(2000), sourceIds: z.array(z.uuid()).max(50) });

/** Sections as JSON (structured) or as the form's textarea text: both mean the same edit. */
export const sectionEditsSchema = z
  .strictObject({
    title: text(300)
      .refine((s) => s.trim().length > 0, 'must not be blank')
      .optional(),
    thirtySecondBriefing: text().optional(),
    technicalBrief: z.union([text(), z.array(bullet).max(50)]).optional(),
    ourTake: z.union([text(), z.array(text()).max(20)]).optional(),
    keywords: z.union([keywordsText, z.array(text(MAX_KEYWORD_CHARS)).max(MAX_KEYWORDS)]).optional(),
  })
  .refine((s) => Object.keys(s).length > 0, { message: 'at least one section is required' });

export const flagId = z.string().regex(/^[0-9a-f]{16}(-\d+)?$/, 'is not a flag id');

export const SaveRevisionBody = z.strictObject({
  baseRevisionId: z.uuid('must be a UUID'),
  sections: sectionEditsSchema,
  note: text(500).optional(),
  /** Flags of the base revision the edit fixes: the save is refused if the re-check still finds one. */
  resolves: z.array(flagId).max(200).optional(),
});

export const AutosaveBody = z.strictObject({
  baseRevisionId: z.uuid('must be a UUID'),
  sections: z.strictObject({
    title: text(300).optional(),
    thirtySecondBriefing: text().optional(),
    technicalBrief: text().optional(),
    ourTake: text().optional(),
    keywords: text(2000).optional(),
  }),
});

export const RestoreBody = z.strictObject({ baseRevisionId: z.uuid('must be a UUID') });
export const ReasonBody = z.strictObject({ reason: z.string().trim().min(1, 'is required').max(2000) });
export const OptionalReasonBody = z.strictObject({ reason: z.string().trim().max(2000).optional() });
export const SignOffBody = z.strictObject({
  revisionId: z.uuid('must be a UUID'),
  password: z.string().min(1, 'is required').max(1024),
  statement: z.string().trim().min(10, 'must say what you reviewed (at least 10 characters)').max(2000),
});
export const AssignBody = z.strictObject({ assigneeId: z.uuid('must be a UUID').nullable() });
export const CommentBody = z.strictObject({
  body: z.string().trim().min(1, 'is required').max(5000),
  section: z.enum(['title', 'thirtySecondBriefing', 'technicalBrief', 'ourTake', 'keywords']).optional(),
  parentId: z.uuid('must be a UUID').optional(),
});
export const AckBody = z.strictObject({
  resolution: z.enum(['acknowledged', 'resolved']).default('acknowledged'),
  note: z.string().trim().max(1000).optional(),
});
export const PreviewBody = z.strictObject({ markdown: z.string().max(MAX_TEXT) });
export const ReadBody = z.strictObject({ ids: z.array(z.uuid()).max(500).optional() });

export const briefingIdParam = z.strictObject({ id: z.uuid('must be a UUID') });
export const revisionParam = z.strictObject({ id: z.uuid('must be a UUID'), revisionId: z.uuid('must be a UUID') });
export const commentParam = z.strictObject({ id: z.uuid('must be a UUID'), commentId: z.uuid('must be a UUID') });
export const flagParam = z.strictObject({ id: z.uuid('must be a UUID'), flagId });

/** One section's text as the editor holds it, checked against the briefing's sources without saving. */
export const SectionCheckBody = z.strictObject({
  section: z.enum(['title', 'thirtySecondBriefing', 'technicalBrief', 'ourTake']),
  text: text(),
});

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const QueueQuery = z.strictObject({
  tab: z.preprocess(emptyToUndefined, z.enum(QUEUE_TABS).default('awaiting')),
  q: z.preprocess(emptyToUndefined, z.string().trim().max(200).optional()),
  state: z.preprocess(emptyToUndefined, z.enum(BRIEFING_STATES).optional()),
  assignee: z.preprocess(emptyToUndefined, z.uuid('must be a UUID').optional()),
  page: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
  perPage: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100).default(25)),
});

export const DiffQuery = z.strictObject({ from: z.uuid('must be a UUID'), to: z.uuid('must be a UUID') });
