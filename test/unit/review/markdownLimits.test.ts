import { Marked } from 'marked';
import { renderMarkdown } from '../../../server/review/markdown.js';
import { markdownBlock, markdownInline } from '../../../server/publishing/render/markdown.js';
import {
  EMPHASIS_REACH,
  MAX_DELIMITER_RUN,
  MAX_MARKDOWN_NESTING,
  MAX_RAW_HTML_TAGS,
  markdownLimits,
} from '../../../server/util/markdownLimits.js';

const count = (html: string, tag: string) => html.split(`<${tag}>`).length - 1;

describe('Markdown past what a briefing needs renders as text, never as a crash', () => {
  test('blockquotes nested thousands deep: the first levels are quotes, the rest is text', () => {
    const html = renderMarkdown(`${'>'.repeat(4000)} deep`);
    expect(count(html, 'blockquote')).toBe(MAX_MARKDOWN_NESTING);
    expect(html).toContain('&gt;&gt;&gt;');
    expect(html).toContain('deep');
  });

  test('lists nested thousands deep (published page and preview)', () => {
    for (const html of [markdownBlock(`${'1. '.repeat(3000)}item`), renderMarkdown(`${'- + '.repeat(2000)}item`)]) {
      expect(count(html, 'li')).toBeLessThanOrEqual(MAX_MARKDOWN_NESTING);
      expect(html).toContain('item');
    }
  });

  test('emphasis nested thousands deep: some levels are emphasis, the rest is text', () => {
    const html = markdownInline(`${'**a '.repeat(3000)}b${' a**'.repeat(3000)}`);
    expect(count(html, 'strong')).toBeGreaterThan(0);
    expect(count(html, 'strong')).toBeLessThanOrEqual(MAX_MARKDOWN_NESTING);
    expect(html).toContain('**a **a');
  });

  test('an unclosed link repeated thousands of times is text', () => {
    const html = renderMarkdown('[a]('.repeat(5000));
    expect(html).toBe(`<p>${'[a]('.repeat(5000)}</p>\n`);
  });

  test('a long run of asterisks is text; a short one is still emphasis', () => {
    expect(markdownInline(`x ${'*'.repeat(20_000)} y`)).toBe(`x ${'*'.repeat(20_000)} y`);
    expect(markdownInline(`${'**'.repeat(4000)}a${'**'.repeat(4000)}`)).toContain('*'.repeat(MAX_DELIMITER_RUN + 1));
    expect(markdownInline('***bold italic***')).toBe('<em><strong>bold italic</strong></em>');
  });

  test('raw HTML nested thousands deep is shown as text; a little raw HTML still passes the sanitiser', () => {
    for (const html of [renderMarkdown('<div>'.repeat(4000)), markdownBlock('<b>'.repeat(6000))]) {
      expect(html).toMatch(/^<p>&lt;(div|b)&gt;&lt;/);
      expect(html).not.toMatch(/<(div|b)>/);
    }
    expect(markdownBlock(`${'<sup>1</sup> '.repeat(MAX_RAW_HTML_TAGS)}`)).not.toContain('&lt;sup');
    expect(markdownBlock(`E = mc<sup>2</sup> and <script>alert(1)</script>`)).toBe('<p>E = mc<sup>2</sup> and </p>');
  });

  test('emphasis closes within its reach', () => {
    const near = `*${'a'.repeat(EMPHASIS_REACH - 10)}*`;
    const far = `*${'a'.repeat(EMPHASIS_REACH + 10)}*`;
    expect(markdownInline(near)).toBe(`<em>${'a'.repeat(EMPHASIS_REACH - 10)}</em>`);
    expect(markdownInline(far)).toBe(far);
  });
});

describe('Markdown a briefing uses renders as marked renders it', () => {
  const plain = new Marked({ gfm: true, breaks: false, async: false });
  const limited = new Marked(markdownLimits, { gfm: true, breaks: false, async: false });
  test.each([
    ['links', 'See [the report](https://example.com/r "Report") and [this](<https://example.com/a b>) or [empty]().'],
    ['link with parentheses', '[Wiki](https://en.wikipedia.org/wiki/Rare_earth_(element)) and ![chart](c.png (Chart))'],
    ['reference links', '[a] and [b][a]\n\n[a]: https://example.com "T"'],
    ['emphasis', '*a* **b** ***c*** _d_ __e__ ~~f~~ a*b*c snake_case_word'],
    ['nesting', '> quote\n> > inner\n\n- one\n  - two\n    1. three\n       > four'],
    ['code', '`a [b](c` and\n\n```\n[x](y\n```'],
  ])('%s', (_name, md) => {
    expect(limited.parse(md)).toBe(plain.parse(md));
  });
});
