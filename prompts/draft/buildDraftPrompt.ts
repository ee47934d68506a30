import { buildDraftMessages } from '../shared/buildMessages.js';
import type { BuiltPrompt, DraftPromptInput } from '../types.js';

/** Messages for a first draft from a lead source, related sources, computed facts and the catalogue. */
export function buildDraftPrompt(input: DraftPromptInput): BuiltPrompt {
  return buildDraftMessages(input);
}
