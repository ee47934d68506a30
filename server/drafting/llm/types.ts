export interface ModelPrice {
  inputPerMTok: number;
  cachedInputPerMTok: number;
  outputPerMTok: number;
}

/** USD per million tokens, keyed by model name (or a prefix of the served model's name). */
export type PriceTable = Record<string, ModelPrice>;

/** The LLM as configured (OPENAI_*); no key and no base URL means the offline drafter. */
export interface LlmSettings {
  apiKey?: string;
  baseURL?: string;
  model: string;
  apiVersion?: string;
  timeoutMs: number;
  maxRetries: number;
  concurrency: number;
  /** USD per million tokens by model-name prefix: DEFAULT_PRICES overlaid with OPENAI_PRICES. */
  prices: PriceTable;
  /** Replaces the prompt templates' own output budgets (max_completion_tokens) when set. */
  maxOutputTokens?: number;
  /** Characters kept of one answer's raw and streamed-so-far text (head and tail). */
  storedOutputChars: number;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens the provider served from its prefix cache (usage.prompt_tokens_details.cached_tokens). */
  cachedTokens: number;
  totalTokens: number;
}

export interface GenerationStats {
  /** The model we asked for. */
  model: string;
  /** The model the server says answered (may carry a date suffix); null if it never said. */
  responseModel: string | null;
  /** Summed over every HTTP attempt that reported usage, including a repair round. */
  usage: LlmUsage;
  /** null when the price table has no entry for the model. */
  costUsd: number | null;
  /** Wall time of the whole call, queueing included. */
  latencyMs: number;
  /** Time spent waiting for a concurrency slot. */
  queuedMs: number;
  /** From the first request leaving (after queueing) to the first streamed token. */
  timeToFirstTokenMs: number | null;
  /** HTTP requests made, retries and repair included. */
  requests: number;
  repaired: boolean;
}

export const emptyUsage = (): LlmUsage => ({ promptTokens: 0, completionTokens: 0, cachedTokens: 0, totalTokens: 0 });

export function addUsage(a: LlmUsage, b: LlmUsage): LlmUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}
