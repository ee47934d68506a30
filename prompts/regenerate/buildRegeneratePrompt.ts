import { buildRegenerateMessages } from '../shared/buildMessages.js';
import type { BuiltPrompt, RegeneratePromptInput } from '../types.js';

/** Messages for rewriting the whole briefing with an editor's instructions. */
export function buildRegeneratePrompt(input: RegeneratePromptInput): BuiltPrompt {
  return buildRegenerateMessages(input);
}
