import { attributeChanges } from '../../server/review/trackChanges.js';
import { MAX_DIFF_EDITS, wordChanges } from '../../server/review/wordChanges.js';
import { flagSpan, itemRanges } from '../../review-ui/editor/src/itemRanges.js';

const shown = (texts: string[]) =>
  attributeChanges(texts)
    .filter((p) => p.op !== 'same')
    .map((p) => `${p.op === 'added' ? '+' : '-'}${p.text.trim()}@${p.by}`);

describe('track changes: first draft → now, each change with the revision that made it', () => {
  test('a word changed in revision 1 and a sentence added in revision 2 are told apart', () => {
    expect(shown(['Exports rose 12%.', 'Exports fell 12%.', 'Exports fell 12%. Delays are shorter.'])).toEqual([
      '-rose@1',
      '+fell@1',
      '+Delays are shorter.@2',
    ]);
  });

  test('a word added and then reworded belongs to whoever wrote the words that stayed', () => {
    expect(shown(['Licences run.', 'Licences run for a year.', 'Licences run for one year.'])).toEqual([
      '+for@1',
      '+one@2',
      '+year@1',
    ]);
  });

  test('an edit undone later shows nothing', () => {
    expect(shown(['Exports rose.', 'Exports fell.', 'Exports rose.'])).toEqual([]);
  });
});

describe('word changes between two texts', () => {
  const words = (n: number, w: string) => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ');

  test('an edit is told word by word', () => {
    expect(
      wordChanges('Exports rose 12% in May.', 'Exports fell 12% in May.').filter((c) => c.added || c.removed),
    ).toEqual([
      expect.objectContaining({ value: 'rose', removed: true }),
      expect.objectContaining({ value: 'fell', added: true }),
    ]);
  });

  test('a section rewritten throughout (past the edit limit) is shown replaced whole, and attributed to its step', () => {
    const before = words(MAX_DIFF_EDITS, 'old');
    const after = words(MAX_DIFF_EDITS, 'new');
    expect(wordChanges(before, after)).toEqual([
      expect.objectContaining({ value: before, removed: true }),
      expect.objectContaining({ value: after, added: true }),
    ]);
    expect(shown(['Licences run.', before, after])).toEqual([`-Licences run.@1`, `+${after}@2`]);
  });

  test('a long section with a few edits is still told word by word', () => {
    const before = words(3000, 'w');
    const after = before.replace('w10 ', 'x10 ').replace('w2900', 'x2900');
    expect(
      wordChanges(before, after)
        .filter((c) => c.added || c.removed)
        .map((c) => c.value),
    ).toEqual(['w10', 'x10', 'w2900', 'x2900']);
  });
});

describe("the editor's map from grounding's items to its own text", () => {
  test('bullets and paragraphs are found where the server would cut them', () => {
    const bullets = '- First point.\n\n-   Second point.  \n* Third';
    expect(itemRanges('technicalBrief', bullets).map((r) => bullets.slice(r.from, r.to))).toEqual([
      'First point.',
      'Second point.',
      'Third',
    ]);
    const paras = '  One.\n\nTwo has 40 tonnes.\n  \nThree.';
    const items = itemRanges('ourTake', paras);
    expect(items.map((r) => r.key)).toEqual(['ourTake.0', 'ourTake.1', 'ourTake.2']);
    const span = flagSpan(items, paras, { sectionKey: 'ourTake.1', start: 8, end: 10, text: '40' });
    expect(span && paras.slice(span.from, span.to)).toBe('40');
  });
});
