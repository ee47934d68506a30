import type { LlmUsage, ModelPrice, PriceTable } from './types.js';

/**
 * Exact name first, then the longest key the served model starts with, so a
 * table entry "gpt-4o-mini" also prices "gpt-4o-mini-2024-07-18".
 */
export function findPrice(prices: PriceTable, ...models: Array<string | null | undefined>): ModelPrice | null {
  for (const m of models) if (m && Object.hasOwn(prices, m)) return prices[m];
  let best: string | null = null;
  for (const m of models) {
    if (!m) continue;
    for (const key of Object.keys(prices)) if (m.startsWith(key) && (!best || key.length > best.length)) best = key;
  }
  return best ? prices[best] : null;
}

export function costUsd(usage: LlmUsage, price: ModelPrice | null): number | null {
  if (!price) return null;
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  const usd =
    ((usage.promptTokens - cached) * price.inputPerMTok +
      cached * price.cachedInputPerMTok +
      usage.completionTokens * price.outputPerMTok) /
    1_000_000;
  // Micro-dollar precision keeps sums stable when stored and added up later.
  return Math.round(usd * 1e6) / 1e6;
}
