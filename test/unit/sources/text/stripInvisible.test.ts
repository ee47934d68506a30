import { hasInvisible, stripInvisible } from '../../../../server/sources/text/stripInvisible.js';

describe('stripInvisible', () => {
  it('removes zero-width, bidi-control, word-joiner, BOM, soft hyphen and tag characters', () => {
    const tagged = [...'ignore'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    const input = `ra\u200Bre\u200C ea\u200Drth\u200E\u200F \u202Aex\u202Bp\u202Co\u202Dr\u202Et \u2060li\u2061c\u2062e\u2063n\u2064ce\u2066s\u2067\u2068\u2069\uFEFF co\u00ADop${tagged}\u{E0001}\u{E007F}`;
    expect(stripInvisible(input)).toBe('rare earth export licences coop');
    expect(hasInvisible(input)).toBe(true);
    expect(hasInvisible(stripInvisible(input))).toBe(false);
  });

  it('leaves visible text, including non-Latin scripts and emoji, untouched', () => {
    const text = 'Iñtërnâtiônàlizætiøn — 中文 עברית 👍🏽 e\u0301';
    expect(stripInvisible(text)).toBe(text);
  });
});
