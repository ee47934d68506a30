import { checkGrounding } from '../../../server/grounding/index.js';
import { maskMarkdown } from '../../../server/grounding/inlineMarkdown.js';

const SOURCE = 'The ministry said magnet exports fell 12% in September from August.';

describe('grounding reads a Markdown draft as its reader will', () => {
  test('the syntax is blanked on the same offsets; prose without Markdown is untouched', () => {
    const md = 'Exports **fell** per [the ministry](https://example.gov/a.b.c) and `x`.';
    const masked = maskMarkdown(md);
    expect(masked).toHaveLength(md.length);
    expect(masked.replace(/\s+/g, ' ')).toBe('Exports fell per the ministry and x .');
    const plain = 'Exports fell 12% (a < b) in 2024_Q3, 5 * 3 times.';
    expect(maskMarkdown(plain)).toBe(plain);
  });

  test('hostile Markdown is checked like text: nested emphasis and unclosed links neither crash nor stall it', () => {
    // 20,000 characters, the most a section holds: the first overflowed the stack (a 500 on save),
    // the second took minutes.
    const nested = `${'**a '.repeat(2500)}fell 12%${' a**'.repeat(2500)}`;
    const links = `Exports fell 12% ${'[a]('.repeat(4995)}`;
    for (const text of [nested, links]) {
      const report = checkGrounding({ sections: [{ key: 'ourTake.0', text }], sources: [{ id: 's1', text: SOURCE }] });
      expect(report.flags.some((f) => f.kind === 'percent')).toBe(false);
      expect(maskMarkdown(text)).toHaveLength(text.length);
    }
  });

  test("a link's URL does not cost a sentence its support, and flags point into the text as typed", () => {
    const md = 'Magnet exports **rose 12%** in September from August, said [the ministry](https://example.gov/x/y/z).';
    const report = checkGrounding({
      sections: [{ key: 'ourTake.0', text: md }],
      sources: [{ id: 's1', text: SOURCE }],
    });
    expect(report.alignments[0].passages).toHaveLength(1);
    const flag = report.flags.find((f) => f.kind === 'direction');
    expect(flag && md.slice(flag.start, flag.end)).toBe('rose');
    expect(report.flags.some((f) => f.kind === 'no_support')).toBe(false);
  });
});
