import { z } from 'zod';

/**
 * The grounding report as the API returns it and Revision.grounding stores it (version 2), for the
 * OpenAPI document. Kinds and severities are documented in docs/ARCHITECTURE.md ("Grounding").
 */
const SourceSpan = z.object({
  sourceId: z.string(),
  sourceNumber: z.number().int().describe('1-based position in the briefing’s source list: "S2"'),
  field: z.enum(['body', 'title']),
  start: z.number().int().describe('offset in the source body (or title) text'),
  end: z.number().int(),
  text: z.string(),
  paragraph: z.number().int().describe('paragraph of the body, from 1; 0 for the title'),
});

export const FlagSchema = z.object({
  id: z.string().describe('stable while section, kind and text (and the source side) are unchanged'),
  sectionKey: z.string().describe('"title", "thirtySecondBriefing", "technicalBrief.N", "ourTake.N" or "claims"'),
  sentence: z.string(),
  sentenceStart: z.number().int(),
  sentenceEnd: z.number().int(),
  kind: z
    .string()
    .describe(
      'number | percent | money | date | entity | quote | claim | unknown_source (not in any source); ' +
        'given_name (a person the sources call by surname only, advisory); ' +
        'figure_mismatch | name_mismatch | attribution | polarity | direction | modifier | unsupported_detail | ' +
        'stitched | certainty | no_support (against the aligned passage)',
    ),
  severity: z.enum(['blocking', 'advisory']),
  text: z.string().describe('the draft span'),
  message: z.string(),
  start: z.number().int().describe('offset of the draft span in the section text'),
  end: z.number().int(),
  claimIndex: z.number().int().optional(),
  sourceId: z.string().optional(),
  evidence: SourceSpan.optional().describe('the differing span of the source'),
  alignmentId: z.string().optional(),
});

export const AlignmentSchema = z.object({
  id: z
    .string()
    .describe('hash of the sentence and its passages: a verifier verdict cached under it stays valid while both do'),
  sectionKey: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  score: z.number().describe('weighted share of the sentence’s content words found in the passages'),
  shape: z.enum(['none', 'single', 'adjacent', 'distant']),
  passages: z.array(SourceSpan.extend({ sentence: z.number().int() })),
  differences: z.array(
    z.object({
      draft: z.object({ start: z.number().int(), end: z.number().int(), text: z.string() }).nullable(),
      source: SourceSpan.nullable(),
    }),
  ),
  flagIds: z.array(z.string()),
  verdicts: z.array(
    z.object({
      by: z.string(),
      verdict: z.enum(['supported', 'contradicted', 'not_in_sources']),
      evidence: SourceSpan.optional(),
      note: z.string().optional(),
      at: z.string().optional(),
    }),
  ),
});

export const GroundingReportSchema = z.object({
  version: z.number().int().describe('2; reports stored before alignment read as version 1'),
  flags: z.array(FlagSchema),
  supported: z.array(z.object({}).loose()),
  alignments: z.array(AlignmentSchema),
  stats: z.object({
    items: z.number().int(),
    supported: z.number().int(),
    unsupported: z.number().int(),
    sentences: z.number().int(),
    aligned: z.number().int(),
    blocking: z.number().int(),
    advisory: z.number().int(),
  }),
});

export const SectionCheckResponse = GroundingReportSchema.extend({
  section: z.string(),
  revisionId: z.string(),
});

export const VerificationRequestedSchema = z.object({
  id: z.string().describe('the Verification job'),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  revisionId: z.string(),
  created: z.boolean().describe('false when a verification of this revision was already waiting'),
});
