import { extractKeywords } from '../../../../server/sources/text/keywords.js';

const TITLE = 'China issues first streamlined rare earth export licences';
const TEXT = `China has issued the first export licences under its streamlined regime for rare earths, the commerce
ministry said. Exporters of rare earths had waited months for the export licences. Magnet makers said the export
licences cover only part of the volumes they need, and rare earths prices were little changed.`;

describe('extractKeywords', () => {
  it('finds the key bigrams and unigrams, lowercase, without stop words', () => {
    const kw = extractKeywords(TITLE, TEXT, 6);
    expect(kw.slice(0, 2).sort()).toEqual(['export licences', 'rare earths']);
    expect(kw).toContain('china');
    expect(kw.every((k) => k === k.toLowerCase())).toBe(true);
    expect(kw).not.toEqual(expect.arrayContaining(['the', 'said', 'has']));
  });

  it('drops unigrams that only occur inside a chosen bigram', () => {
    const kw = extractKeywords(TITLE, TEXT, 10);
    expect(kw).not.toContain('rare');
    expect(kw).not.toContain('licences');
  });

  it('weights title terms higher than body terms', () => {
    const kw = extractKeywords('Lithium', 'Copper copper copper. Lithium.', 2);
    expect(kw[0]).toBe('lithium');
  });

  it('respects topN and copes with empty input', () => {
    expect(extractKeywords(TITLE, TEXT, 3)).toHaveLength(3);
    expect(extractKeywords('', '')).toEqual([]);
  });
});
