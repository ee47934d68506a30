import { JSDOM } from 'jsdom';
import createDOMPurify from 'dompurify';
import { Marked } from 'marked';
import { markdownLimits } from '../util/markdownLimits.js';

const marked = new Marked(markdownLimits, { gfm: true, breaks: false, async: false });
let purifier: ReturnType<typeof createDOMPurify> | null = null;

function purify() {
  // One jsdom window for the process: building one per call costs far more than sanitising.
  purifier ??= createDOMPurify(new JSDOM('').window);
  return purifier;
}

/**
 * Markdown → HTML that is safe to insert: marked renders, DOMPurify (on jsdom, on the
 * server) strips scripts, handlers and javascript: URLs. Images are dropped too, so a
 * preview never makes the reviewer's browser fetch a third-party URL.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return purify().sanitize(html, {
    FORBID_TAGS: [
      'img',
      'style',
      'marquee',
      'blink',
      'form',
      'input',
      'button',
      'textarea',
      'select',
      'iframe',
      'svg',
      'math',
    ],
    FORBID_ATTR: ['style', 'class', 'id'],
    ALLOW_DATA_ATTR: false,
  });
}
