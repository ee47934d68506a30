import { checkGrounding } from '../../../server/grounding/index.js';
import { MAX_SENTENCE_WORDS, splitSentences } from '../../../server/grounding/sentences.js';
import { wordTokenize } from '../../../server/grounding/tokens.js';

const ITEM_KINDS = new Set(['number', 'percent', 'money', 'date', 'entity', 'quote']);

/**
 * Item flags (figures, names, quotations not found in any source) raised when `draft` is checked
 * against a single source containing `source`. The template sentences share few words with the
 * sources, so their alignment flags (no supporting passage) are not what these tests are about.
 */
function flagsFor(draft: string, source: string) {
  return checkGrounding({ sections: [{ key: 's', text: draft }], sources: [{ id: 'src', text: source }] }).flags.filter(
    (f) => ITEM_KINDS.has(f.kind),
  );
}

describe('normalisation equivalences', () => {
  test.each([
    ['the United States', 'Exports to the U.S. rose.'],
    ['the US', 'Exports to the United States rose.'],
    ['the U.S.', 'Exports to the US rose.'],
    ['1200 tonnes', 'Output was 1,200 tonnes.'],
    ['1,200,000 tonnes', 'Output was 1.2 million tonnes.'],
    ['1.2 million tonnes', 'Output was 1,200,000 tonnes.'],
    ['twenty mines', 'There are 20 mines.'],
    ['a dozen mines', 'There are 12 mines.'],
    ['12 mines', 'There are twelve mines.'],
    ['20%', 'Shipments fell 20 per cent.'],
    ['20 per cent', 'Shipments fell twenty percent.'],
    ['twenty percent', 'Shipments fell 20%.'],
    ['October 2025', 'The rules took effect on Oct. 3, 2025.'],
    ['Oct. 3', 'The rules took effect on October 3.'],
    ['3 October 2025', 'The rules took effect on 2025-10-03.'],
    ['2025-10-03', 'The rules took effect on October 3, 2025.'],
    ['US$25m', 'It approved a $25 million loan.'],
    ['25 million dollars', 'It approved a US$25m loan.'],
    ['$25 million', 'It approved 25 million dollars in loans.'],
    ['€3bn', 'The fund holds 3 billion euros.'],
    ['€3 billion', 'The fund holds €3bn.'],
    ['“general” licences', 'It issued "general" licences.'],
    ['Sen. Olympia Snowe', 'Senator Olympia Snowe spoke.'],
    ['the EU', 'the European Union said'],
    ['£ 50 m', 'It bid £50million for the firm.'],
    ['more than £500,000', 'He took £572,206 from the firm.'],
    ['over 40 staff', 'The firm employs 46 people.'],
    ['nearly 40 staff', 'The firm employs 38 people.'],
    ['fewer than 40 staff', 'The firm employs 31 people.'],
    ['more than 2.1 million', 'It paid 2,150,000.'],
    ['Q3 results', 'Its third-quarter results were strong.'],
    ['third-quarter results', 'Its Q3 results were strong.'],
    ['YoY growth', 'Sales grew year over year.'],
    ['year-on-year growth', 'Sales grew YoY.'],
    ['4Q 2020 deliveries', 'Deliveries in the fourth quarter of 2020 were strong.'],
    ['4-7% growth', 'Sales should grow 4% to 7%.'],
    ['4 to 7 per cent growth', 'Sales should grow 4-7%.'],
  ])('"%s" is supported by "%s"', (phrase, source) => {
    expect(flagsFor(`Officials at Acme Mining cited ${phrase} on Monday.`, `Acme Mining. ${source}`)).toEqual([]);
  });

  test.each([
    ['1,300 tonnes', 'Output was 1,200 tonnes.', '1,300'],
    ['25%', 'Shipments fell 20 per cent.', '25%'],
    ['$30 million', 'It approved a $25 million loan.', '$30 million'],
    ['€25 million', 'It approved a $25 million loan.', '€25 million'],
    ['November 2025', 'The rules took effect on Oct. 3, 2025.', 'November 2025'],
    ['Oct. 4', 'The rules took effect on October 3.', 'Oct. 4'],
    ['the UK', 'Exports to the U.S. rose.', 'UK'],
    ['£ 50 m', 'It bid £50 for the firm.', '£ 50 m'],
    ['more than £500,000', 'He took £472,206 from the firm.', '£500,000'],
    ['more than £500,000', 'He took £5,720,206 from the firm.', '£500,000'],
    ['more than 40 staff', 'The firm employs 52 people.', '40'],
    ['nearly 40 staff', 'The firm employs 41 people.', '40'],
    ['fewer than 40 staff', 'The firm employs 43 people.', '40'],
    ['Q3 results', 'Its fourth-quarter results were strong.', 'Q3'],
    ['4-9% growth', 'Sales should grow 4% to 7%.', '9%'],
    ['5-7% growth', 'Sales should grow 4% to 7%.', '5'],
  ])('"%s" is NOT supported by "%s"', (phrase, source, flagged) => {
    const flags = flagsFor(`Officials at Acme Mining cited ${phrase} on Monday.`, `Acme Mining. ${source}`);
    expect(flags.map((f) => f.text)).toEqual([flagged]);
  });

  test('rounded figures after "about" are accepted, other rounding is not', () => {
    expect(flagsFor('Exports were about 20% lower.', 'Exports were 19.6 percent lower.')).toEqual([]);
    expect(flagsFor('Exports were 25% lower.', 'Exports were 19.6 percent lower.')).toHaveLength(1);
  });
});

describe('sentence splitting', () => {
  test('abbreviations, initials and decimals do not end sentences', () => {
    const text =
      'Sen. Olympia J. Snowe (R-Maine) backed a $2.5 million loan to Cianbro Corp. in the U.S. Maritime plan, e.g. for rigs. It passed. "Good," said Snowe. The U.S. The end.';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'Sen. Olympia J. Snowe (R-Maine) backed a $2.5 million loan to Cianbro Corp. in the U.S. Maritime plan, e.g. for rigs.',
      'It passed.',
      '"Good," said Snowe.',
      'The U.S.',
      'The end.',
    ]);
  });

  test('a state abbreviation closed by a bracket does not end a sentence that goes on in lower case', () => {
    const text = 'Sens. John Kerry (D-Mass.) and Barbara Boxer (D-Calif.) today introduced legislation. It passed.';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'Sens. John Kerry (D-Mass.) and Barbara Boxer (D-Calif.) today introduced legislation.',
      'It passed.',
    ]);
  });

  test('a run-on stretch with no full stop is cut into pieces, at a clause break where there is one', () => {
    const words = (n: number, w: string) => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ');
    // 100 words, a comma, 100 more: one cut, just after the comma.
    const text = `${words(100, 'alpha')}, ${words(100, 'beta')}`;
    const pieces = splitSentences(text);
    expect(pieces.map((p) => p.text)).toEqual([`${words(100, 'alpha')},`, words(100, 'beta')]);
    expect(pieces.every((p) => text.slice(p.start, p.end) === p.text)).toBe(true);
    // No break at all, not even a space: hyphenated on and on.
    const chain = Array.from({ length: 400 }, (_, i) => `w${i}`).join('-');
    const cut = splitSentences(chain);
    expect(cut.length).toBe(3);
    expect(cut.map((p) => p.text.split('-').filter((w) => /w\d/.test(w)).length)).toEqual([
      MAX_SENTENCE_WORDS,
      MAX_SENTENCE_WORDS,
      400 - 2 * MAX_SENTENCE_WORDS,
    ]);
    // A long real sentence is left whole.
    const long = `${words(MAX_SENTENCE_WORDS - 1, 'gamma')}.`;
    expect(splitSentences(long).map((p) => p.text)).toEqual([long]);
  });

  test('a run-on draft checked against a run-on source still finds the figure that differs', () => {
    const filler = (w: string) => Array.from({ length: 3000 }, (_, i) => `${w}${i % 400}`).join(' ');
    const source = `${filler('lorem')} the council approved 40 new homes ${filler('ipsum')}`;
    const draft = `${filler('lorem')} the council approved 45 new homes ${filler('ipsum')}`;
    const flags = checkGrounding({
      sections: [{ key: 's', text: draft }],
      sources: [{ id: 'src', text: source }],
    }).flags;
    expect(flags.filter((f) => f.kind === 'number').map((f) => f.text)).toEqual(['45']);
  });

  test('offsets point into the original text', () => {
    const text = 'First one.  Second one!\n- A bullet';
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('tokenising', () => {
  // wordTokenize scans ASCII by hand and hands everything else to the pattern; it must cut exactly
  // where the pattern does, whatever the mix of letters, marks, apostrophes, dots and symbols.
  const PATTERN = /(?:\p{L}\.){2,}|\d+(?:[.,]\d+)*|\p{L}[\p{L}\p{M}\d]*(?:['’]\p{L}+)*|[%$€£¥&]/gu;
  const PIECES = ['a', 'B', 'z', '.', ',', "'", '’', '1', '9', ' ', '-', '%', '$', '€', '£', '&', 'é', 'É', '\u0301'];
  const MORE = ['ß', '😀', '𝐀', '\uD835', '\n', 'ǅ', '٣', 'a.', 'U.S.', "x'", '0.', ',5', 'Zürich', "don't"];

  test('cuts where the pattern cuts', () => {
    const pieces = [...PIECES, ...MORE];
    let seed = 7;
    const next = (k: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % k;
    };
    for (let n = 0; n < 20000; n++) {
      let text = '';
      for (let k = 1 + next(12); k > 0; k--) text += pieces[next(pieces.length)];
      const expected = [...text.matchAll(PATTERN)].map((m) => `${m.index}:${m[0]}`);
      expect([text, wordTokenize(text).map((t) => `${t.start}:${t.raw}`)]).toEqual([text, expected]);
    }
  });
});
