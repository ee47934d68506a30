import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
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

  it('takes no "word" longer than 100 characters: a hyphenated run would be a phrase query of thousands of words', () => {
    const run = Array.from({ length: 200 }, (_, i) => `w${i}`).join('-');
    const kw = extractKeywords('Hafnium supply', `Hafnium supply tightened. ${run} ${run}`, 10);
    expect(kw).toContain('hafnium supply');
    expect(kw.every((k) => k.length <= 100)).toBe(true);
    const longest = 'state-of-the-art-' + 'x'.repeat(83);
    expect(extractKeywords('', `${longest} ${longest}`, 1)).toEqual([longest]);
  });
});

describe('the keyword cache', () => {
  test('keeps the words it caches, not the texts they were read from', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    // Texts as an import reads them: flat strings of 0.5 MB, each with long words of its own.
    const text = (i: number) =>
      Array.from({ length: 40_000 }, (_, k) => (k % 50 === 0 ? `administration${i}x${k}` : 'the cat sat'))
        .join(' ')
        .split('')
        .join('');
    extractKeywords('warm-up', 'a text to warm the cache up');
    const before = heap();
    let read = 0;
    for (let i = 0; i < 40; i++) {
      const t = text(i);
      read += t.length;
      expect(extractKeywords('Title', t)).toContain('cat sat');
    }
    // 40 texts of 0.5 MB went through; what stays is the cache's 32,000 short words.
    expect(read).toBeGreaterThan(19_000_000);
    expect(heap() - before).toBeLessThan(10_000_000);
  });
});
