import { encode, decode } from 'gpt-tokenizer';

/** Tokens as the drafting model's tokenizer (o200k_base) counts them. */
export function countTokens(text: string): number {
  return text ? encode(text).length : 0;
}

/**
 * Cuts text to at most maxTokens, preferring to end on a sentence boundary so
 * the model is not handed half a claim; an ellipsis marks the cut.
 */
export function trimToTokens(text: string, maxTokens: number): string {
  return trimEncoded(text, encode(text), maxTokens).text;
}

/** trimToTokens for a text already encoded (`tokens`); also returns the result's token count. */
export function trimEncoded(
  text: string,
  tokens: readonly number[],
  maxTokens: number,
): { text: string; tokens: number } {
  if (maxTokens <= 0) return { text: '', tokens: 0 };
  if (tokens.length <= maxTokens) return { text, tokens: tokens.length };
  if (maxTokens <= 2) return { text: '', tokens: 0 };
  let cut = decode(tokens.slice(0, maxTokens - 2));
  const lastStop = Math.max(
    cut.lastIndexOf('. '),
    cut.lastIndexOf('.\n'),
    cut.lastIndexOf('? '),
    cut.lastIndexOf('! '),
  );
  if (lastStop > cut.length * 0.6) cut = cut.slice(0, lastStop + 1);
  cut = cut.replace(/\uFFFD+$/u, '').trimEnd() + ' …';
  // Decoding/re-encoding can merge tokens differently; never exceed the budget.
  let n = encode(cut).length;
  while (cut.length > 0 && n > maxTokens) {
    cut = cut.slice(0, Math.floor(cut.length * 0.9));
    n = encode(cut).length;
  }
  return { text: cut, tokens: cut.length > 0 ? n : 0 };
}

/**
 * Splits a budget over several texts: each gets at most what it needs, and what
 * short texts leave over goes to the long ones (water-filling).
 */
export function allocate(needs: readonly number[], budget: number): number[] {
  const out = needs.map(() => 0);
  let left = Math.max(0, budget);
  let open = needs.map((_, i) => i).filter((i) => needs[i] > 0);
  while (open.length > 0 && left > 0) {
    const share = Math.floor(left / open.length);
    if (share === 0) break;
    const next: number[] = [];
    for (const i of open) {
      const give = Math.min(share, needs[i] - out[i]);
      out[i] += give;
      left -= give;
      if (out[i] < needs[i]) next.push(i);
    }
    open = next;
  }
  return out;
}
