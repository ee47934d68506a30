import { createRequire } from 'node:module';
import wink from 'wink-lemmatizer';
import { adjective, noun, verb } from '../../../server/grounding/lemmatizer.js';

// lemmatizer.ts re-implements wink-lemmatizer over compact tables; it must answer as wink does.
describe('lemmatizer', () => {
  test('answers as wink-lemmatizer for every WordNet word and exception, and inflections of some', () => {
    const lexicon = createRequire(createRequire(import.meta.url).resolve('wink-lemmatizer'));
    const words = Object.keys(lexicon('wink-lexicon/src/wn-words.js') as Record<string, number>);
    const exceptions = ['adjective', 'noun', 'verb'].flatMap((f) =>
      Object.keys(lexicon(`wink-lexicon/src/wn-${f}-exceptions.js`) as Record<string, string>),
    );
    const endings = ['', 's', 'es', 'ies', 'ed', 'ing', 'er', 'est', 'ses', 'xes', 'zes', 'ves', 'ches', 'shes', 'men'];
    const odd = ['', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'e', 's', 'ies', 'men', 'est'];
    let compared = 0;
    const differ: string[] = [];
    // Every word and exception as it is; every 20th with each ending (all of them: ~30 s).
    for (const [n, w] of [...words, ...exceptions, ...odd].entries()) {
      for (const end of n % 20 === 0 ? endings : ['']) {
        const x = w + end;
        compared++;
        if (verb(x) !== wink.verb(x) || noun(x) !== wink.noun(x) || adjective(x) !== wink.adjective(x)) differ.push(x);
      }
    }
    expect(differ.slice(0, 10)).toEqual([]);
    expect(compared).toBeGreaterThan(140_000);
  });
});
