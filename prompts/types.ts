import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Draft, DraftSection } from '../server/drafting/draftSchema.js';

/** One article as the prompt sees it. Everything but `id` is untrusted text. */
export interface PromptSource {
  /** Our own id; the model cites it, so it must be a short token we generated. */
  id: string;
  publisher: string;
  title: string;
  url: string;
  publishedAt: string | Date | null;
  text: string;
}

/** A figure the system computed from its own database, e.g. {term:'rare earths', matches:10}. */
export interface ComputedFact {
  term: string;
  matches: number;
}

export interface CatalogueEntry {
  name: string;
  description: string;
}

export interface Catalogue {
  industries: CatalogueEntry[];
  products: CatalogueEntry[];
}

export interface SourceLimits {
  /** Characters of the lead source's text kept; the rest is cut with a visible note. */
  leadChars: number;
  relatedChars: number;
}

/** Our earlier published briefing on the story, for an update's draft. */
export interface EarlierBriefing {
  title: string;
  publishedAt: string | Date | null;
  text: string;
}

export interface DraftPromptInput {
  lead: PromptSource;
  related: PromptSource[];
  facts: ComputedFact[];
  catalogue: Catalogue;
  limits?: Partial<SourceLimits>;
  /** A story update: the published briefing it follows up, as context (never cited). */
  earlier?: EarlierBriefing | null;
  /** Tests pin this; production leaves it out and gets a fresh random one. */
  boundary?: string;
}

export interface RegeneratePromptInput extends DraftPromptInput {
  currentDraft: Draft;
  instructions: string;
}

export interface RegenerateSectionPromptInput extends RegeneratePromptInput {
  section: DraftSection;
}

export interface BuiltPrompt {
  messages: ChatCompletionMessageParam[];
  templateVersion: string;
  /** The template's output budget (max_completion_tokens), unless the operator sets another. */
  maxOutputTokens: number;
  boundary: string;
}
