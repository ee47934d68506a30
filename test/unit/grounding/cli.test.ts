import { runGroundingCli } from '../../../server/grounding/cli.js';
import { ValidationError } from '../../../server/errors/AppError.js';
import type { GroundingReport } from '../../../server/grounding/types.js';

const SOURCES = [
  JSON.stringify({ id: 'a', text: 'Acme Mining said output rose 12 percent to 1,200 tonnes in October 2025.' }),
  '',
  JSON.stringify({
    id: 'b',
    body: 'The U.S. Department of Energy approved a $25 million loan.',
    title: 'DOE loan',
    publisher: 'Platts',
    publishedAt: '2025-11-02',
  }),
].join('\n');

async function run(draft: unknown, extra: string[] = []) {
  const files: Record<string, string> = { 'draft.json': JSON.stringify(draft), 'sources.jsonl': SOURCES };
  let out = '';
  const code = await runGroundingCli(['grounding', 'draft.json', 'sources.jsonl', ...extra], {
    readFile: (p) => files[p],
    stdout: (s) => {
      out += s;
    },
  });
  return { code, report: JSON.parse(out) as GroundingReport };
}

describe('grounding CLI', () => {
  test('accepts the sections shape', async () => {
    const { code, report } = await run({
      sections: [{ key: 'body', text: 'Acme Mining output rose 12% to 1200 tonnes.' }],
    });
    expect(code).toBe(0);
    expect(report.flags).toEqual([]);
  });

  test('accepts the briefing shape and reports flags per section', async () => {
    const { report } = await run({
      title: 'Acme Mining output rises',
      thirtySecondBriefing: 'Acme Mining output rose twelve per cent in October 2025.',
      technicalBrief: [{ text: 'The United States Department of Energy approved US$25m.' }],
      ourTake: ['Output hit 1,500 tonnes.'],
    });
    // The invented figure blocks; the sentence around it has no passage saying it (advisory).
    expect(report.flags.map((f) => [f.sectionKey, f.kind, f.text, f.severity])).toEqual([
      ['ourTake', 'no_support', 'Output hit 1,500 tonnes.', 'advisory'],
      ['ourTake', 'number', '1,500', 'blocking'],
    ]);
  });

  test("a source line's publisher and date back a draft that names them", async () => {
    const { report } = await run({
      sections: [
        {
          key: 'k',
          text: 'Platts reported on 2 November that the U.S. Department of Energy approved a $25 million loan.',
        },
      ],
    });
    expect(report.flags.filter((f) => f.severity === 'blocking')).toEqual([]);
    expect(report.supported.map((x) => x.text)).toEqual(expect.arrayContaining(['Platts', '2 November']));
  });

  test('--fail-on-flags turns flags into exit code 1', async () => {
    const { code } = await run({ sections: [{ key: 'k', text: 'Output hit 1,500 tonnes.' }] }, ['--fail-on-flags']);
    expect(code).toBe(1);
  });

  test('bad input is a ValidationError', async () => {
    await expect(run({ nonsense: true })).rejects.toBeInstanceOf(ValidationError);
    await expect(
      runGroundingCli(['only-one.json'], { readFile: () => '', stdout: () => undefined }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      runGroundingCli(['d.json', 's.jsonl'], {
        readFile: (p) => (p === 'd.json' ? '{"sections":[{"key":"k","text":"x"}]}' : '{"id":1}'),
        stdout: () => undefined,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
