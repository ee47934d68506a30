import type { PromptKind } from './templates.js';

/**
 * How many output tokens each template's answer may take, sent as
 * max_completion_tokens. A full draft at its longest (title, a dense
 * paragraph, a dozen bullets, four paragraphs, claims with evidence quotes)
 * is about 3,000 tokens; the budget leaves room for verbose models. Reasoning
 * models spend part of it thinking: raise it with LLM_MAX_OUTPUT_TOKENS.
 */
export const OUTPUT_TOKEN_BUDGET: Record<PromptKind, number> = {
  draft: 8_000,
  regenerate: 8_000,
  regenerateSection: 4_000,
};

/** The model verifier's answer is one verdict with a short quote and explanation. */
export const VERIFY_OUTPUT_TOKEN_BUDGET = 1_000;
