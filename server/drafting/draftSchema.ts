import { z } from 'zod';

/**
 * The briefing the LLM (or the offline drafter) must return.
 *
 * The schema is built per request because source ids and the catalogue are
 * enums: a strict json_schema then makes the provider itself refuse to cite a
 * source we did not supply or invent an industry. Every field is required and
 * objects are closed so the schema stays valid for OpenAI's strict mode; rules
 * that strict mode cannot express (non-blank text) are zod refinements, which
 * do not appear in the JSON Schema but are enforced when we re-validate.
 */
export interface DraftSchemaContext {
  sourceIds: string[];
  industries: string[];
  products: string[];
}

export const draftSections = ['title', 'thirtySecondBriefing', 'technicalBrief', 'ourTake'] as const;
export type DraftSection = (typeof draftSections)[number];

export function isDraftSection(value: unknown): value is DraftSection {
  return typeof value === 'string' && (draftSections as readonly string[]).includes(value);
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The longest each field may be. Generous for an editorial briefing (the
 * offline drafter's extracts and verbose models fit), but a model that runs
 * away cannot hand a reviewer, or the public page, megabytes of text: an answer
 * over a cap goes back to the model once (the repair round) and is then refused.
 */
export const FIELD_CAPS = {
  title: 300,
  slugSuggestion: 120,
  thirtySecondBriefing: 4_000,
  bullet: 2_000,
  bullets: 20,
  paragraph: 4_000,
  keyword: 100,
  keywords: 40,
  claim: 2_000,
  evidenceQuote: 4_000,
  claims: 100,
} as const;

// Refinements, not .max(): strict json_schema mode does not take maxLength, and the caps are ours to enforce.
const text = (what: string, max: number) =>
  z
    .string()
    .refine((s) => s.trim().length > 0, { message: `${what} must not be blank` })
    .refine((s) => s.length <= max, { message: `${what} must be at most ${max} characters` });
const atMost = <T extends z.ZodType>(items: z.ZodArray<T>, what: string, max: number) =>
  items.refine((a) => a.length <= max, { message: `${what}: at most ${max} items` });

function uniqueNonEmpty(values: string[], what: string): string[] {
  const out = [...new Set(values)];
  if (out.some((v) => v.length === 0)) throw new Error(`${what} contains an empty name`);
  return out;
}

/** An enum of the given names; with none, the only valid value is the empty array. */
function catalogueArray(names: string[]) {
  if (names.length === 0) return z.array(z.string()).max(0);
  return z.array(z.enum(names as [string, ...string[]]));
}

function sectionShapes(ctx: DraftSchemaContext) {
  const ids = uniqueNonEmpty(ctx.sourceIds, 'sourceIds');
  if (ids.length === 0) throw new Error('makeDraftSchema needs at least one source id');
  const sourceId = z.enum(ids as [string, ...string[]]);
  return {
    sourceId,
    title: text('title', FIELD_CAPS.title),
    thirtySecondBriefing: text('thirtySecondBriefing', FIELD_CAPS.thirtySecondBriefing),
    technicalBrief: atMost(
      z
        .array(z.object({ text: text('bullet', FIELD_CAPS.bullet), sourceIds: z.array(sourceId).min(1) }).strict())
        .min(1),
      'technicalBrief',
      FIELD_CAPS.bullets,
    ),
    ourTake: z.array(text('paragraph', FIELD_CAPS.paragraph)).min(2).max(4),
    claims: atMost(
      z.array(
        z
          .object({
            text: text('claim', FIELD_CAPS.claim),
            sourceId,
            evidenceQuote: text('evidenceQuote', FIELD_CAPS.evidenceQuote),
          })
          .strict(),
      ),
      'claims',
      FIELD_CAPS.claims,
    ),
  };
}

export function makeDraftSchema(ctx: DraftSchemaContext) {
  const s = sectionShapes(ctx);
  return z
    .object({
      title: s.title,
      slugSuggestion: z
        .string()
        .regex(SLUG)
        .refine((v) => v.length <= FIELD_CAPS.slugSuggestion, {
          message: `slugSuggestion must be at most ${FIELD_CAPS.slugSuggestion} characters`,
        }),
      thirtySecondBriefing: s.thirtySecondBriefing,
      technicalBrief: s.technicalBrief,
      ourTake: s.ourTake,
      keywords: atMost(z.array(text('keyword', FIELD_CAPS.keyword)), 'keywords', FIELD_CAPS.keywords),
      industries: catalogueArray(uniqueNonEmpty(ctx.industries, 'industries')),
      products: catalogueArray(uniqueNonEmpty(ctx.products, 'products')),
      claims: s.claims,
    })
    .strict();
}

export type DraftSchema = ReturnType<typeof makeDraftSchema>;

export interface TechnicalBullet {
  text: string;
  sourceIds: string[];
}
export interface DraftClaim {
  text: string;
  sourceId: string;
  evidenceQuote: string;
}
/** The validated shape; ids and catalogue names are plain strings once parsed. */
export interface Draft {
  title: string;
  slugSuggestion: string;
  thirtySecondBriefing: string;
  technicalBrief: TechnicalBullet[];
  ourTake: string[];
  keywords: string[];
  industries: string[];
  products: string[];
  claims: DraftClaim[];
}

/**
 * What the model returns when asked to rewrite one section: the section plus
 * the claims that back it, so grounding still has evidence for the new text.
 */
export type SectionOutput<S extends DraftSection> = Pick<Draft, S> & { claims: DraftClaim[] };

export function makeSectionSchema<S extends DraftSection>(
  section: S,
  ctx: DraftSchemaContext,
): z.ZodType<SectionOutput<S>> {
  if (!isDraftSection(section)) throw new Error(`unknown draft section: ${String(section)}`);
  const s = sectionShapes(ctx);
  const shapes: Record<DraftSection, z.ZodType> = {
    title: s.title,
    thirtySecondBriefing: s.thirtySecondBriefing,
    technicalBrief: s.technicalBrief,
    ourTake: s.ourTake,
  };
  return z.object({ [section]: shapes[section], claims: s.claims }).strict() as unknown as z.ZodType<SectionOutput<S>>;
}

// Compile-time guard that the hand-written Draft type and the schema agree.
type Assert<T extends true> = T;
export type _DraftMatchesSchema = Assert<
  z.infer<DraftSchema> extends Draft ? (Draft extends z.infer<DraftSchema> ? true : false) : false
>;
