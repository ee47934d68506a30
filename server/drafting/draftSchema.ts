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

const text = (what: string) => z.string().refine((s) => s.trim().length > 0, { message: `${what} must not be blank` });

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
    title: text('title'),
    thirtySecondBriefing: text('thirtySecondBriefing'),
    technicalBrief: z.array(z.object({ text: text('bullet'), sourceIds: z.array(sourceId).min(1) }).strict()).min(1),
    ourTake: z.array(text('paragraph')).min(2).max(4),
    claims: z.array(z.object({ text: text('claim'), sourceId, evidenceQuote: text('evidenceQuote') }).strict()),
  };
}

export function makeDraftSchema(ctx: DraftSchemaContext) {
  const s = sectionShapes(ctx);
  return z
    .object({
      title: s.title,
      slugSuggestion: z.string().regex(SLUG),
      thirtySecondBriefing: s.thirtySecondBriefing,
      technicalBrief: s.technicalBrief,
      ourTake: s.ourTake,
      keywords: z.array(text('keyword')),
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
