/**
 * A difference gates sign-off where the draft changed something in place: the passage holds another
 * name or figure exactly where the draft's stands. A true fact drawn from elsewhere in the article is
 * not a swap (human-judged summaries fuse passages all the time; see bench/RESULTS.md).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkGrounding } from '../../../server/grounding/index.js';

const ARTICLE = [
  'Harry Redknapp resigned as manager of Queens Park Rangers on Tuesday, the club said.',
  'The 68-year-old had been in charge for three years.',
  'Chairman Tony Fernandes thanked him for his work and said a successor would be named within 14 days.',
].join(' ');

const flags = (summary: string, source = ARTICLE) =>
  checkGrounding({ sections: [{ key: 'summary', text: summary }], sources: [{ id: 'a', text: source }] }).flags;
const blocking = (summary: string, source?: string) =>
  flags(summary, source)
    .filter((f) => f.severity === 'blocking')
    .map((f) => [f.kind, f.text, f.evidence?.text]);

describe('differences in place against facts drawn from elsewhere', () => {
  test('a figure changed in place blocks, showing the figure that stands there', () => {
    expect(
      blocking('Chairman Tony Fernandes thanked him for his work and said a successor would be named within 3 days.'),
    ).toEqual([['figure_mismatch', '3', '14']]);
  });

  test('a true figure from another sentence of the article is told, not blocked', () => {
    const fused = flags('Harry Redknapp, 68, resigned as manager of Queens Park Rangers on Tuesday.');
    expect(fused.filter((f) => f.severity === 'blocking')).toEqual([]);
  });

  test('a place swapped inside a possessive ("Mexico\'s Ergon") is caught in a real press release', () => {
    const path = fileURLToPath(new URL('../../fixtures/news/senate-press-releases-sample.jsonl', import.meta.url));
    const release = readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; body: string })
      .find((r) => r.body.includes("operated by Mississippi's Ergon"))!;
    const sentence =
      "Located at the Port of Vicksburg, this facility will be jointly operated by Mexico's Ergon energy company and by grain distributor Bunge.";
    expect(blocking(sentence, release.body)).toContainEqual(['name_mismatch', 'Mexico', 'Mississippi']);
    expect(blocking(sentence.replace('Mexico', 'Mississippi'), release.body)).toEqual([]);
  });
});
