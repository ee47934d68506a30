import { buildRegenerateSectionMessages } from '../shared/buildMessages.js';
import type { BuiltPrompt, RegenerateSectionPromptInput } from '../types.js';

/**
 * Messages for rewriting one section; pair with makeSectionSchema(section, …)
 * so the model can only return that section and its claims.
 */
export function buildRegenerateSectionPrompt(input: RegenerateSectionPromptInput): BuiltPrompt {
  return buildRegenerateSectionMessages(input);
}
