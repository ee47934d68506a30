export { createLlmClient } from './createLlmClient.js';
export type { DeltaInfo, GenerateOptions, GenerationResult, LlmClient, LlmClientConfig } from './createLlmClient.js';
export { LLM_FAILURES, LlmError, isLlmError } from './errors.js';
export type { LlmErrorCode, LlmFailure } from './errors.js';
export { costUsd, findPrice } from './pricing.js';
export type { GenerationStats, LlmUsage, ModelPrice, PriceTable } from './types.js';
