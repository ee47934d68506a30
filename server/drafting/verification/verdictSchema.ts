import { z } from 'zod';

/**
 * What the verifier model must answer, sent as a strict json_schema and checked again with zod on
 * arrival: anything else is `invalid_output` for that sentence (after the client's one repair round).
 * Strict mode wants every field present, so "no span" is null rather than a missing field.
 */
export const ModelVerdictSchema = z.object({
  verdict: z.enum(['supported', 'contradicted', 'not_in_sources']),
  /** The passage id (S1, S2, …) the evidence is copied from. */
  source: z.string().max(10).nullable(),
  /** The deciding span, copied from that passage. */
  evidence: z.string().max(2000).nullable(),
  explanation: z.string().max(1000),
});

export type ModelVerdict = z.infer<typeof ModelVerdictSchema>;

/** The name the json_schema response format carries. */
export const VERDICT_SCHEMA_NAME = 'grounding_verdict';
