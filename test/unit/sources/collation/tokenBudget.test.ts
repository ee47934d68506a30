import { decode, encode } from 'gpt-tokenizer';
import {
  allocate,
  encodeText,
  fitToAllowances,
  MAX_RUN_CHARS,
  trimEncoded,
} from '../../../../server/sources/collation/tokenBudget.js';

const prose = (words: number) =>
  Array.from({ length: words }, (_, i) => ['Regulators', 'said', 'the', 'pipeline', 'review.', 'Exports'][i % 6]).join(
    ' ',
  );

describe('tokenizing hostile source text', () => {
  test('ordinary text is tokenized exactly as the tokenizer does', () => {
    const text = `${prose(400)}\n\nA café in Zürich, 12,500 litres — “quoted”. 東京で会議。`;
    expect(encodeText(text)).toEqual(encode(text));
  });

  test('a special-token marker in an article is text, not an error', () => {
    const text = 'Models stop generating at <|endoftext|> and <|endofprompt|> markers.';
    expect(decode(encodeText(text))).toBe(text);
  });

  test.each([
    ['one word of a million letters', 'a'.repeat(1_000_000)],
    ['a million Chinese characters without punctuation', '中文字符'.repeat(250_000)],
    ['half a million emoji', '😀'.repeat(500_000)],
    ['a letter with a million combining marks', 'a' + '\u0301'.repeat(999_999)],
    ['a million spaces', ' '.repeat(1_000_000)],
  ])('%s: long runs are tokenized in slices that decode to the text', (_name, text) => {
    const tokens = encodeText(text);
    expect(decode(tokens)).toBe(text);
    // A slice of MAX_RUN_CHARS is at least one token, so the count stays of the text's order.
    expect(tokens.length).toBeGreaterThanOrEqual(Math.floor(text.length / MAX_RUN_CHARS / 2));
  });

  test('a cut text ending in a long run of U+FFFD is trimmed of it', () => {
    const text = `${prose(20)} ${'\uFFFD'.repeat(200_000)}x`;
    const tokens = encodeText(text);
    const cut = trimEncoded(text, tokens, Math.floor(tokens.length / 2));
    expect(cut.text).toBe(`${prose(20)} …`);
  });
});

describe('fitToAllowances', () => {
  const allot = (budget: number) => (needs: number[]) => {
    const lead = Math.min(needs[0], Math.floor(budget * 0.4));
    const related = allocate(needs.slice(1), budget - lead);
    const spare = budget - lead - related.reduce((a, b) => a + b, 0);
    return [Math.min(needs[0], lead + spare), ...related];
  };

  test('gives the allowances and cuts that tokenizing every text in full gives', () => {
    const texts = [prose(9000), prose(40), '', prose(3000), prose(120_000)];
    for (const budget of [100, 1200, 6000, 20_000]) {
      const full = texts.map((t) => encode(t));
      const allowances = allot(budget)(full.map((e) => e.length));
      const fitted = fitToAllowances(texts, budget, allot(budget));
      expect(fitted.allowances).toEqual(allowances);
      expect(fitted.texts.map((t, i) => trimEncoded(t, fitted.tokens[i], fitted.allowances[i]))).toEqual(
        texts.map((t, i) => trimEncoded(t, full[i], allowances[i])),
      );
    }
  });

  test('51 texts of a million characters are tokenized only as far as the budget reaches', () => {
    const texts = Array.from({ length: 51 }, () => prose(170_000).slice(0, 1_000_000));
    const fitted = fitToAllowances(texts, 200_000, allot(200_000));
    expect(fitted.allowances.reduce((a, b) => a + b, 0)).toBe(200_000);
    expect(fitted.texts.reduce((n, t) => n + t.length, 0)).toBeLessThan(5_000_000);
  });
});
