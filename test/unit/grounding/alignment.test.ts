import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkGrounding } from '../../../server/grounding/index.js';
import { draftToSections, parseSourcesJsonl } from '../../../server/grounding/cli.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/grounding/${name}`, import.meta.url)), 'utf8');
const SOURCES = parseSourcesJsonl(fixture('sources.jsonl'));
const SOURCE = SOURCES[0].text;

const check = (text: string, key = 'thirtySecondBriefing') =>
  checkGrounding({ sections: [{ key, text }], sources: SOURCES });
const kinds = (text: string) => check(text).flags.map((f) => [f.kind, f.severity, f.text]);

describe('sentences held against their passage', () => {
  test('a reversed direction and a figure moved to another quantity are flagged, each with both spans', () => {
    const draft = draftToSections(JSON.parse(fixture('moved-figure-draft.json')));
    const report = checkGrounding({ ...draft, sources: SOURCES });
    const blocking = report.flags.filter((f) => f.severity === 'blocking');
    expect(blocking.map((f) => [f.kind, f.text, f.evidence?.text])).toEqual([
      ['direction', 'rose', 'fell'],
      ['figure_mismatch', '15', '40'],
    ]);
    const direction = blocking[0];
    expect(direction.message).toBe("Draft says 'rose'; the closest source passage (S1, paragraph 3) says 'fell'.");
    const section = draft.sections.find((s) => s.key === direction.sectionKey)!.text;
    expect(section.slice(direction.start, direction.end)).toBe('rose');
    expect(SOURCE.slice(direction.evidence!.start, direction.evidence!.end)).toBe('fell');
    const figure = blocking[1];
    expect(SOURCE.slice(figure.evidence!.start, figure.evidence!.end)).toBe('40');
    expect(figure.evidence).toMatchObject({ sourceNumber: 1, paragraph: 4, field: 'body' });
  });

  test('every sentence is aligned with its passage, with offsets in both texts', () => {
    const text =
      'Beijing agreed to suspend the expanded October controls as part of a trade truce with the United States.';
    const [a] = check(text).alignments;
    expect(a.score).toBeGreaterThan(0.9);
    expect(a.shape).toBe('single');
    expect(a.passages).toHaveLength(1);
    const p = a.passages[0];
    expect(SOURCE.slice(p.start, p.end)).toBe(text);
    expect(p).toMatchObject({ sourceId: 'mining-com-rare-earths', paragraph: 2, sentence: 2 });
    expect(a.verdicts).toEqual([]);
  });

  test('alignment ids hash the sentence and the passage: same text, same id', () => {
    const text = 'The one-year licences replace the shipment-by-shipment approvals imposed in April.';
    const a = check(text).alignments[0].id;
    expect(check(text).alignments[0].id).toBe(a);
    expect(check(text.replace('April', 'March')).alignments[0].id).not.toBe(a);
    const otherSource = checkGrounding({
      sections: [{ key: 'k', text }],
      sources: [{ ...SOURCES[0], text: SOURCE.replace('shipment-by-shipment', 'case-by-case') }],
    });
    expect(otherSource.alignments[0].id).not.toBe(a);
  });

  test('negation on one side only is flagged', () => {
    expect(
      kinds(
        'Beijing did not agree to suspend the expanded October controls as part of a trade truce with the United States.',
      ),
    ).toEqual([['polarity', 'blocking', 'not agree']]);
  });

  test('"no" negates the word it determines: "no time in revealing" does not negate "revealing"; "no longer" does', () => {
    const flagsAgainst = (draft: string, source: string) =>
      checkGrounding({ sections: [{ key: 'k', text: draft }], sources: [{ id: 's', text: source }] })
        .flags.filter((f) => f.kind === 'polarity')
        .map((f) => f.text);
    const source = 'Judy Murray wasted no time in revealing her plans for the tennis academy in Dunblane.';
    expect(flagsAgainst('Judy Murray is revealing her plans for the tennis academy in Dunblane.', source)).toEqual([]);
    expect(
      flagsAgainst(
        'The ministry no longer supports the grid upgrade in the north of the country.',
        'The ministry supports the grid upgrade in the north of the country.',
      ),
    ).toEqual(['no longer supports']);
  });

  test('a name the passage does not give, where it names someone else, is flagged', () => {
    const report = check(
      'The licences cover 40 tonnes of magnets a month for Reuters and 15 tonnes for Ningbo Yunsheng.',
    );
    expect(report.flags.map((f) => [f.kind, f.text, f.evidence?.text])).toEqual([
      ['name_mismatch', 'Reuters', 'JL Mag'],
    ]);
  });

  test('rewritten but true sentences pass: trimmed, reordered, lower-cased, capitals throughout', () => {
    for (const text of [
      'Beijing agreed to suspend the expanded October controls.',
      'As part of a trade truce with the United States, Beijing agreed to suspend the expanded October controls.',
      'beijing agreed to suspend the expanded october controls as part of a trade truce with the united states.',
      'BEIJING AGREED TO SUSPEND THE EXPANDED OCTOBER CONTROLS AS PART OF A TRADE TRUCE WITH THE UNITED STATES.',
    ]) {
      expect([text, check(text).flags]).toEqual([text, []]);
    }
  });

  test('a lower-cased invented name is still found: no capitals needed', () => {
    const report = check('the licences cover 40 tonnes of magnets a month for jl mag, said harlan whitcombe.');
    expect(report.flags.filter((f) => f.kind === 'entity').map((f) => f.text)).toEqual(['harlan whitcombe']);
  });

  test('a detail no passage states is flagged; analysis with no passage at all is advisory', () => {
    const detail = check(
      'Beijing agreed to suspend the expanded October controls after a secretive midnight summit with Australian diplomats.',
    );
    expect(detail.flags.map((f) => f.kind)).toContain('unsupported_detail');
    const analysis = check(
      'For project teams, supply risk now turns more on policy stability than on physical scarcity.',
      'ourTake',
    );
    expect(analysis.flags.map((f) => [f.kind, f.severity])).toEqual([['no_support', 'advisory']]);
    expect(analysis.alignments[0].passages).toEqual([]);
  });
});
