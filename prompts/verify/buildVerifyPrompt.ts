import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { BuiltPrompt } from '../types.js';
import { assertBoundary, makeBoundary, removeBoundary } from '../shared/boundary.js';
import { sanitizeLine, sanitizeUntrusted } from '../shared/sanitize.js';
import { hashTemplates, render } from '../shared/templates.js';
import { VERIFY_OUTPUT_TOKEN_BUDGET } from '../shared/outputBudget.js';

/** One passage the aligner found for the sentence; `id` is the briefing's source alias ("S2"). */
export interface VerifyPassage {
  id: string;
  title: string;
  text: string;
}

export interface VerifyPromptInput {
  sentence: string;
  passages: VerifyPassage[];
  /** Fixed only by tests; random per request otherwise. */
  boundary?: string;
}

// Only the fence partial: the drafting partials do not shape this prompt, so their edits must not
// change its version (and with it every cached verdict's key).
const FILES = ['verify/system.hbs', 'verify/user.hbs', 'partials/fence.hbs'];
let version: string | null = null;

/** Short content hash of the verification templates; part of every cached verdict's key. */
export function verifyPromptVersion(): string {
  version ??= hashTemplates(FILES);
  return version;
}

const ALIAS = /^S\d{1,3}$/;

/** Messages asking the model whether one sentence is supported by, contradicted by or absent from its passages. */
export function buildVerifyPrompt(input: VerifyPromptInput): BuiltPrompt {
  const boundary = input.boundary === undefined ? makeBoundary() : assertBoundary(input.boundary);
  const inert = (text: string, oneLine: boolean) =>
    removeBoundary(oneLine ? sanitizeLine(text) : sanitizeUntrusted(text), boundary);
  const view = {
    boundary,
    sentence: inert(input.sentence, false),
    passages: input.passages.map((p) => {
      if (!ALIAS.test(p.id)) throw new Error(`invalid passage id: ${p.id}`);
      return { id: p.id, title: inert(p.title, true) || 'untitled', text: inert(p.text, false) };
    }),
  };
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: render('verify/system.hbs', view) },
    { role: 'user', content: render('verify/user.hbs', view) },
  ];
  return { messages, templateVersion: verifyPromptVersion(), maxOutputTokens: VERIFY_OUTPUT_TOKEN_BUDGET, boundary };
}
