import { candidateTerms, rankKeyTerms } from '../../../../server/sources/collation/keyTerms.js';
import type { TermFrequency } from '../../../../server/sources/search/termFrequencies.js';

const f = (term: string, sources: number, exact = !term.includes(' ')): TermFrequency => ({
  term,
  sources,
  exact,
  lexeme: exact ? term : null,
});

describe('rankKeyTerms (tf-idf)', () => {
  it('puts a term the lead repeats and the archive rarely has before a near-ubiquitous one', () => {
    const ranked = rankKeyTerms(
      [
        { term: 'energy', score: 12 },
        { term: 'senate', score: 9 },
        { term: 'yucca mountain', score: 6 },
        { term: 'repository', score: 3 },
      ],
      [f('energy', 92_000), f('senate', 80_000), f('yucca mountain', 40), f('repository', 900)],
      100_000,
    );
    expect(ranked.map((k) => k.term)).toEqual(['yucca mountain', 'repository', 'energy', 'senate']);
    expect(ranked[0]).toMatchObject({ sources: 40, exact: false });
  });

  it('keeps in-text salience when the archive is small and all on one story', () => {
    // Three sources, all about rare earths: the subject still leads a one-off word.
    const ranked = rankKeyTerms(
      [
        { term: 'rare earth', score: 12 },
        { term: 'ningbo', score: 1 },
      ],
      [f('rare earth', 3), f('ningbo', 1)],
      3,
    );
    expect(ranked[0].term).toBe('rare earth');
  });

  it('sends terms nothing matches (stop words only) to the end, in their original order', () => {
    const ranked = rankKeyTerms(
      [
        { term: 'the', score: 50 },
        { term: 'also', score: 40 },
        { term: 'coal', score: 1 },
      ],
      [f('the', 0), f('also', 0), f('coal', 10)],
      100,
    );
    expect(ranked.map((k) => k.term)).toEqual(['coal', 'the', 'also']);
  });
});

describe('candidateTerms', () => {
  const k = (term: string, sources: number) => ({ ...f(term, sources), weight: 1 });
  it('takes the rarest terms while their matches fit, and always at least one', () => {
    expect(candidateTerms([k('a', 5_000), k('b', 300), k('c', 500), k('d', 400)])).toEqual(['b', 'd']);
    expect(candidateTerms([k('a', 5_000), k('b', 9_000)])).toEqual(['a']);
    expect(candidateTerms([k('a', 0)])).toEqual([]);
  });
});
