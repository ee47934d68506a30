import { checkGrounding } from '../../../server/grounding/index.js';
import type { GroundingReport } from '../../../server/grounding/types.js';
import { draftParts, passageId, sourceParts, type FlagRange } from '../../../server/presenters/workspacePresenter.js';

const SOURCE =
  'Magnet exports fell 12% in September from August.\n\nAnalysts expect supply risk to turn more on policy stability.';
/** The report's flags as the page's view model carries them (kindLabel holds the kind here). */
const flagRanges = (report: GroundingReport): FlagRange[] =>
  report.flags.map((f, i) => ({
    start: f.start,
    end: f.end,
    flag: {
      id: f.id,
      n: i + 1,
      sectionKey: f.sectionKey,
      blocking: f.severity === 'blocking',
      kindLabel: f.kind,
      message: f.message,
      acknowledged: null,
    },
  }));
const TEXT =
  'Magnet exports rose 12% in September from August. Analysts expect supply risk to turn on policy stability.';

describe('the workspace cuts the draft into sentences and the sources into their passages', () => {
  const report = checkGrounding({
    sections: [{ key: 'thirtySecondBriefing', text: TEXT }],
    sources: [{ id: 's1', text: SOURCE }],
  });
  const flags = flagRanges(report);
  const index = { next: 0, total: report.alignments.length, sourceNumber: new Map([['s1', 1]]) };
  const parts = draftParts('thirtySecondBriefing', TEXT, report.alignments, flags, index);

  test('every sentence is one link to its passage, the text is kept whole, the flag sits on its word', () => {
    expect(parts.map((p) => p.segments.map((s) => s.text).join('')).join('')).toBe(TEXT);
    const sentences = parts.filter((p) => p.sentence);
    expect(sentences).toHaveLength(2);
    expect(sentences[0].sentence).toMatchObject({
      id: 'sentence-1',
      href: `#${passageId(1, 'body', 0)}`,
      status: 'blocking',
    });
    expect(sentences[0].segments.filter((s) => s.flag).map((s) => s.text)).toEqual(['rose']);
    expect(sentences[0].refs.map((f) => f.n)).toEqual([1]);
    expect(sentences[1].sentence!.say).toMatch(/^Sentence 2 of 2\. aligned with S1, paragraph 2/);
  });

  test('the source side: paragraphs of passages, the evidence of a flag marked once with its link', () => {
    const passages = report.alignments.flatMap((a) =>
      a.passages.map((p) => ({ start: p.start, end: p.end, id: passageId(1, p.field, p.sentence), sentences: [] })),
    );
    const evidence = report.flags.flatMap((f, i) =>
      f.evidence ? [{ start: f.evidence.start, end: f.evidence.end, flag: flags[i].flag }] : [],
    );
    const blocks = sourceParts(SOURCE, { passages, diffs: [], flags: evidence, evidence: [] }, /\n\s*\n/);
    expect(blocks).toHaveLength(2);
    expect(blocks.map((b) => b.map((p) => p.segments.map((s) => s.text).join('')).join(''))).toEqual(
      SOURCE.split('\n\n'),
    );
    const marked = blocks[0].flatMap((p) => p.segments.filter((s) => s.flag));
    expect(marked.map((s) => [s.text, s.flagStart, s.flagEnd])).toEqual([['fell', true, true]]);
  });
});

describe('the draft column shows the Markdown as it will be published, on the offsets grounding checked', () => {
  const MD =
    'Magnet exports **rose 12%** in September, said [the ministry](https://example.gov/x). Use `npm ci` \\*now\\*.';
  const report = checkGrounding({
    sections: [{ key: 'ourTake.0', text: MD }],
    sources: [{ id: 's1', text: SOURCE }],
  });
  const flags = flagRanges(report);
  const index = { next: 0, total: report.alignments.length, sourceNumber: new Map([['s1', 1]]) };
  const segments = draftParts('ourTake.0', MD, report.alignments, flags, index).flatMap((p) => p.segments);
  const shown = segments.filter((s) => !s.hidden);

  test('the syntax is hidden, the reader sees the published words, and nothing of the raw text is lost', () => {
    expect(segments.map((s) => s.text).join('')).toBe(MD);
    expect(shown.map((s) => s.text).join('')).toBe(
      'Magnet exports rose 12% in September, said the ministry. Use npm ci *now*.',
    );
  });

  test('bold, code and links keep their style, and a flag inside bold text stays on its word', () => {
    const styleOf = (t: string) => shown.find((s) => s.text.includes(t))?.style;
    expect(styleOf('12%')).toMatchObject({ strong: true });
    expect(styleOf('npm ci')).toMatchObject({ code: true, strong: false });
    expect(styleOf('ministry')).toMatchObject({ link: 'https://example.gov/x' });
    expect(styleOf('September')).toBeNull();
    const rose = shown.find((s) => s.text === 'rose');
    expect(rose?.flag?.kindLabel).toBe('direction');
    expect(rose?.style?.strong).toBe(true);
  });
});
