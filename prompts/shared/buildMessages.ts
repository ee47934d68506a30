import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { BadRequestError } from '../../server/errors/AppError.js';
import { isDraftSection } from '../../server/drafting/draftSchema.js';
import { templateVersion } from '../templateVersion.js';
import type {
  BuiltPrompt,
  Catalogue,
  DraftPromptInput,
  RegeneratePromptInput,
  RegenerateSectionPromptInput,
} from '../types.js';
import { assertBoundary, makeBoundary } from './boundary.js';
import {
  prepareEarlier,
  prepareFacts,
  prepareInstructions,
  prepareSources,
  prepareUntrustedJson,
} from './prepareSources.js';
import { sanitizeLine } from './sanitize.js';
import { render, type PromptKind } from './templates.js';
import { OUTPUT_TOKEN_BUDGET } from './outputBudget.js';

function catalogueView(c: Catalogue): Catalogue {
  const clean = (entries: Catalogue['industries']) =>
    entries.map((e) => ({ name: e.name, description: sanitizeLine(e.description ?? '') || '(no description)' }));
  return { industries: clean(c.industries ?? []), products: clean(c.products ?? []) };
}

function baseView(input: DraftPromptInput) {
  const boundary = input.boundary === undefined ? makeBoundary() : assertBoundary(input.boundary);
  const { lead, related } = prepareSources(input.lead, input.related ?? [], boundary, input.limits);
  return {
    boundary,
    catalogue: catalogueView(input.catalogue),
    facts: prepareFacts(input.facts ?? [], boundary),
    lead,
    related,
    earlier: prepareEarlier(input.earlier, boundary),
  };
}

function regenerationView(input: RegeneratePromptInput) {
  const base = baseView(input);
  return {
    ...base,
    instructions: prepareInstructions(input.instructions, base.boundary),
    currentDraft: prepareUntrustedJson(input.currentDraft, base.boundary),
  };
}

/**
 * System first, then one user message whose opening (task, catalogue) is the
 * same for every request of a kind: providers cache that shared prefix, and
 * everything per-request (boundary, facts, sources) follows it.
 */
function build(kind: PromptKind, view: { boundary: string } & Record<string, unknown>): BuiltPrompt {
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: render(`${kind}/system.hbs`, view) },
    { role: 'user', content: render(`${kind}/user.hbs`, view) },
  ];
  return {
    messages,
    templateVersion: templateVersion(kind),
    maxOutputTokens: OUTPUT_TOKEN_BUDGET[kind],
    boundary: view.boundary,
  };
}

export function buildDraftMessages(input: DraftPromptInput): BuiltPrompt {
  return build('draft', baseView(input));
}

export function buildRegenerateMessages(input: RegeneratePromptInput): BuiltPrompt {
  return build('regenerate', regenerationView(input));
}

export function buildRegenerateSectionMessages(input: RegenerateSectionPromptInput): BuiltPrompt {
  if (!isDraftSection(input.section)) {
    throw new BadRequestError('unknown_section', `Unknown briefing section "${String(input.section)}".`);
  }
  return build('regenerateSection', { ...regenerationView(input), section: input.section });
}
