import { renderMarkdown } from '../../../server/review/markdown.js';
import { markdownBlock, markdownInline } from '../../../server/publishing/render/markdown.js';

// The editor's preview and the published page parse Markdown alike but sanitise it differently; each
// keeps its own settings (and the page its link hook) whatever the other does.
const MARKDOWN = [
  'See [the release](https://example.test/r "Release"), [a file](ftp://example.test/f), [mail](mailto:desk@example.test), [here](#notes) and [there](/news/x).',
  '![chart](https://example.test/c.png) <span class="x" id="y" style="color:red" data-k="v">tagged</span>',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '<h2>Head</h2>',
].join('\n\n');

describe('each Markdown renderer keeps its own sanitiser settings', () => {
  test('the preview: links as written, tables and headings kept; images, styles, classes, ids and data attributes dropped', () => {
    markdownBlock('[made](https://example.test/) first'); // the page's sanitiser, and its link hook, exist
    expect(renderMarkdown(MARKDOWN)).toBe(
      '<p>See <a href="https://example.test/r" title="Release">the release</a>, <a href="ftp://example.test/f">a file</a>, ' +
        '<a href="mailto:desk@example.test">mail</a>, <a href="#notes">here</a> and <a href="/news/x">there</a>.</p>\n' +
        '<p> <span>tagged</span></p>\n' +
        '<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody><tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody></table>\n' +
        '<h2>Head</h2>',
    );
  });

  test('the published page: only its short list of tags; web links get rel="nofollow noopener", other schemes lose their href', () => {
    expect(markdownBlock(MARKDOWN)).toBe(
      '<p>See <a href="https://example.test/r" title="Release" rel="nofollow noopener">the release</a>, <a>a file</a>, ' +
        '<a href="mailto:desk@example.test">mail</a>, <a href="#notes">here</a> and <a href="/news/x">there</a>.</p>\n' +
        '<p> tagged</p>\n\n\n\n1\n2\n\n\nHead',
    );
    expect(markdownInline('A [link](https://example.test/x) and [file](ftp://example.test/f), **bold**')).toBe(
      'A <a href="https://example.test/x" rel="nofollow noopener">link</a> and <a>file</a>, <strong>bold</strong>',
    );
  });
});
