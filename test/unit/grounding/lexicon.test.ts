import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LEXICON_FILES, buildLexicon, serialise } from '../../../scripts/build-grounding-lexicon.js';
import { PLACES_FILE, buildPlaces, serialisePlaces } from '../../../scripts/build-places-lexicon.js';
import { areOpposites, isCommonWord, wordKey } from '../../../server/grounding/words.js';
import { checkGrounding } from '../../../server/grounding/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('the committed word lists are exactly what the installed WordNet package yields', () => {
  const built = serialise(buildLexicon());
  expect(readFileSync(root + LEXICON_FILES.antonyms, 'utf8')).toBe(built.antonyms);
  expect(readFileSync(root + LEXICON_FILES.commonWords, 'utf8')).toBe(built.commonWords);
  expect(readFileSync(root + LEXICON_FILES.synonyms, 'utf8')).toBe(built.synonyms);
  expect(readFileSync(root + PLACES_FILE, 'utf8')).toBe(serialisePlaces(buildPlaces()));
});

test("a country's people and the country are one name to the check, for countries no list was written for", () => {
  const source = 'Portugal said on Monday that exports to Bhutan rose 12% in September.';
  const kinds = (draft: string) =>
    checkGrounding({ sections: [{ key: 'ourTake.0', text: draft }], sources: [{ id: 's1', text: source }] })
      .flags.filter((f) => f.severity === 'blocking')
      .map((f) => `${f.kind}: ${draft.slice(f.start, f.end)}`);
  expect(kinds('The Portuguese government said exports to Bhutan rose 12% in September.')).toEqual([]);
  expect(kinds('Portugal said exports to Bhutanese buyers rose 12% in September.')).toEqual([]);
  // Another country's people is still a name the source lacks.
  expect(kinds('The Spanish government said exports to Bhutan rose 12% in September.')).toEqual(['entity: Spanish']);
});

test('opposites come from WordNet and reach inflected forms', () => {
  expect(areOpposites('rose', 'fell')).toBe(true);
  expect(areOpposites('increased', 'decrease')).toBe(true);
  expect(areOpposites('higher', 'lower')).toBe(true);
  expect(areOpposites('majority', 'minority')).toBe(true);
  expect(areOpposites('supported', 'opposes')).toBe(true);
  expect(areOpposites('rose', 'climbed')).toBe(false);
  // WordNet pairs "worsen" with "better" and "prohibit" with "permit"; their synonyms in those senses pair too.
  expect(areOpposites('improves', 'worsened')).toBe(true);
  expect(areOpposites('allow', 'prohibits')).toBe(true);
  // …but not through a rare sense ("back" as "be in back of" against "front, face, look").
  expect(areOpposites('back', 'looks')).toBe(false);
});

test('one key for the forms of a word; common words are not names', () => {
  expect(wordKey('miners')).toBe(wordKey('miner'));
  expect(wordKey('rose')).toBe(wordKey('rise'));
  expect(isCommonWord('licences')).toBe(true);
  expect(isCommonWord('whitcombe')).toBe(false);
  expect(isCommonWord('london')).toBe(false);
});
