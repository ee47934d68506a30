import { allocate, trimToTokens } from '../../sources/collation/tokenBudget.js';

/**
 * Tokens of source text one prompt carries (lead plus related), the same
 * budget the collation used when the briefing started. Texts are re-trimmed
 * at each generation because the briefing stores source ids, not cut texts.
 */
export const SOURCE_TOKEN_BUDGET = 12_000;
const LEAD_SHARE = 0.4;
// No text needs more than ~8 characters per token: cutting first keeps a 200,000-word source cheap to count.
const CHARS_PER_TOKEN_CEILING = 8;
// English prose runs at ~4 characters per token; 3.5 errs towards counting more tokens than there are.
const CHARS_PER_TOKEN_ESTIMATE = 3.5;

/**
 * Shares the budget out on estimated sizes and runs the tokenizer only on texts
 * that must be cut: counting every text exactly on every generation cost more
 * than the rest of the job's own work.
 */
export function fitSourceTexts(texts: string[], budget = SOURCE_TOKEN_BUDGET): string[] {
  if (texts.length === 0) return [];
  const pre = texts.map((t) => t.slice(0, budget * CHARS_PER_TOKEN_CEILING));
  const needs = pre.map((t) => Math.ceil(t.length / CHARS_PER_TOKEN_ESTIMATE));
  const leadAllowance = Math.min(needs[0], Math.floor(budget * (texts.length > 1 ? LEAD_SHARE : 1)));
  const related = allocate(needs.slice(1), budget - leadAllowance);
  const spare = budget - leadAllowance - related.reduce((a, b) => a + b, 0);
  const allowances = [Math.min(needs[0], leadAllowance + spare), ...related];
  return pre.map((t, i) => (needs[i] <= allowances[i] ? t : trimToTokens(t, allowances[i])));
}
