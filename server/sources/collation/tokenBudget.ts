import { encode, decode } from 'gpt-tokenizer';

/**
 * The tokenizer merges byte pairs within each pre-token (a run of letters, of
 * spaces, of symbols) in time quadratic in its length: one 40,000-character
 * word took 0.8 s, 40,000 Chinese characters without punctuation 7 s, and a
 * 1-million-character source would hold the server for minutes. Runs longer
 * than this are encoded in slices of it, which changes the count only at the
 * slices' seams; no word of ordinary text comes near it.
 */
export const MAX_RUN_CHARS = 100;
const LONG_RUN = new RegExp(
  String.raw`[\p{L}\p{M}]{${MAX_RUN_CHARS + 1},}|[^\s\p{L}\p{N}]{${MAX_RUN_CHARS + 1},}|\s{${MAX_RUN_CHARS + 1},}`,
  'gu',
);
// Source text is data: "<|endoftext|>" in an article about language models is
// counted as the characters it is, not refused (gpt-tokenizer throws by default).
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** Tokens of `text` as the drafting model's tokenizer (o200k_base) splits it, in time linear in its length. */
export function encodeText(text: string): number[] {
  if (!text) return [];
  LONG_RUN.lastIndex = 0;
  if (!LONG_RUN.test(text)) return encode(text, AS_TEXT);
  const out: number[] = [];
  const add = (piece: string) => {
    for (const t of encode(piece, AS_TEXT)) out.push(t);
  };
  let at = 0;
  LONG_RUN.lastIndex = 0;
  for (const m of text.matchAll(LONG_RUN)) {
    if (m.index > at) add(text.slice(at, m.index));
    const end = m.index + m[0].length;
    at = m.index;
    while (at < end) {
      let cut = Math.min(at + MAX_RUN_CHARS, end);
      // Never between the halves of a surrogate pair: each slice must decode to itself.
      if (cut < end && /[\uD800-\uDBFF]/.test(text[cut - 1])) cut--;
      add(text.slice(at, cut));
      at = cut;
    }
  }
  if (at < text.length) add(text.slice(at));
  return out;
}

/** No text has fewer tokens than this many characters of it hold; a margin covers a word cut at a prefix's end. */
const CHARS_PER_TOKEN_CEILING = 8;
const PREFIX_MARGIN_TOKENS = 16;

export interface FittedTexts {
  /** Each text, or the prefix of it that was tokenized (longer than its allowance: cutting it cuts the text). */
  texts: string[];
  tokens: number[][];
  allowances: number[];
}

/**
 * Allowances for texts sharing a budget, as `allot` gives them from the texts'
 * token counts, tokenizing each text only as far as its allowance can reach:
 * a text that has more tokens than its allowance is allotted and cut the same
 * whatever its full length. `allot` is first asked with the unfinished texts'
 * needs unknown (Infinity); a text whose tokenized prefix is not safely longer
 * than what it was allotted is tokenized further, and the allotment asked again.
 * Tokenizing 51 related sources of a million characters in full took ~13 s.
 */
export function fitToAllowances(
  texts: readonly string[],
  budget: number,
  allot: (needs: number[]) => number[],
): FittedTexts {
  const open = texts.map(() => true);
  const fitted = texts.map(() => ({ text: '', tokens: [] as number[] }));
  const tokenize = (i: number, chars: number) => {
    const text = texts[i].length > chars ? texts[i].slice(0, chars) : texts[i];
    fitted[i] = { text, tokens: encodeText(text) };
    open[i] = text.length < texts[i].length;
  };
  const charsFor = (tokens: number) => (tokens + PREFIX_MARGIN_TOKENS) * CHARS_PER_TOKEN_CEILING;
  texts.forEach((_, i) => tokenize(i, charsFor(Math.ceil(budget / Math.max(1, texts.length)))));
  for (;;) {
    const allowances = allot(fitted.map((f, i) => (open[i] ? Infinity : f.tokens.length)));
    let again = false;
    for (let i = 0; i < texts.length; i++) {
      if (!open[i] || fitted[i].tokens.length > allowances[i] + PREFIX_MARGIN_TOKENS / 2) continue;
      // At least doubling: a text is tokenized in a few rounds, at under twice its final prefix's cost.
      tokenize(i, Math.max(2 * fitted[i].text.length, charsFor(allowances[i])));
      again = true;
    }
    if (!again) return { texts: fitted.map((f) => f.text), tokens: fitted.map((f) => f.tokens), allowances };
  }
}

/** Tokens as the drafting model's tokenizer (o200k_base) counts them. */
export function countTokens(text: string): number {
  return encodeText(text).length;
}

/**
 * Cuts text to at most maxTokens, preferring to end on a sentence boundary so
 * the model is not handed half a claim; an ellipsis marks the cut.
 */
export function trimToTokens(text: string, maxTokens: number): string {
  return trimEncoded(text, encodeText(text), maxTokens).text;
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
  // A loop, not /\uFFFD+$/: that regex retries from every U+FFFD of a long run
  // that does not end the text, 0.8 s for 50,000 of them.
  let end = cut.length;
  while (end > 0 && cut.charCodeAt(end - 1) === 0xfffd) end--;
  cut = cut.slice(0, end).trimEnd() + ' …';
  // Decoding/re-encoding can merge tokens differently; never exceed the budget.
  let n = encodeText(cut).length;
  while (cut.length > 0 && n > maxTokens) {
    cut = cut.slice(0, Math.floor(cut.length * 0.9));
    n = encodeText(cut).length;
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
