import type { LlmSettings } from './llm/types.js';
import { createLlmClient, type LlmClient } from './llm/index.js';

/**
 * The configured LLM, or null for the offline drafter. A base URL without a
 * key is a local OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio)
 * that needs none: the client then sends a placeholder key.
 */
export function llmFromConfig(config: { llm: LlmSettings }): LlmClient | null {
  const c = config.llm;
  if (!c.apiKey && !c.baseURL) return null;
  return createLlmClient({
    model: c.model,
    apiKey: c.apiKey ?? 'not-needed',
    baseURL: c.baseURL,
    apiVersion: c.apiVersion,
    timeoutMs: c.timeoutMs,
    maxRetries: c.maxRetries,
    concurrency: c.concurrency,
    prices: c.prices,
  });
}

export function llmConfigured(config: { llm: LlmSettings }): boolean {
  return !!(config.llm.apiKey || config.llm.baseURL);
}
