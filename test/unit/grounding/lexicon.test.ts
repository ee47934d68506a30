import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LEXICON_FILES, buildLexicon, serialise } from '../../../scripts/build-grounding-lexicon.js';
import { areOpposites, isCommonWord, wordKey } from '../../../server/grounding/words.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('the committed word lists are exactly what the installed WordNet package yields', () => {
  const built = serialise(buildLexicon());
  expect(readFileSync(root + LEXICON_FILES.antonyms, 'utf8')).toBe(built.antonyms);
  expect(readFileSync(root + LEXICON_FILES.commonWords, 'utf8')).toBe(built.commonWords);
});

test('opposites come from WordNet and reach inflected forms', () => {
  expect(areOpposites('rose', 'fell')).toBe(true);
  expect(areOpposites('increased', 'decrease')).toBe(true);
  expect(areOpposites('higher', 'lower')).toBe(true);
  expect(areOpposites('majority', 'minority')).toBe(true);
  expect(areOpposites('supported', 'opposes')).toBe(true);
  expect(areOpposites('rose', 'climbed')).toBe(false);
});

test('one key for the forms of a word; common words are not names', () => {
  expect(wordKey('miners')).toBe(wordKey('miner'));
  expect(wordKey('rose')).toBe(wordKey('rise'));
  expect(isCommonWord('licences')).toBe(true);
  expect(isCommonWord('whitcombe')).toBe(false);
  expect(isCommonWord('london')).toBe(false);
});
