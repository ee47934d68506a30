import { lazyPurifier, markdownToHtml } from '../util/markdown.js';

const purify = lazyPurifier();

/**
 * Markdown → HTML that is safe to insert: marked renders, DOMPurify (on jsdom, on the
 * server) strips scripts, handlers and javascript: URLs. Images are dropped too, so a
 * preview never makes the reviewer's browser fetch a third-party URL.
 */
export function renderMarkdown(markdown: string): string {
  return purify().sanitize(markdownToHtml(markdown), {
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
