import { createHash } from 'node:crypto';
import { JSDOM } from 'jsdom';

/** Names the rule below in every record, so a later rule can sit beside it. */
export const CONTENT_RULE = 'article-text/1';

/**
 * The text a reader is shown as the briefing: the text content of the page's first <article>
 * element, without elements marked data-unsigned (the "newer version exists" notice added to old
 * versions when they are served), every run of whitespace collapsed to one space, trimmed.
 * Markup, attributes and everything outside <article> (navigation, metadata) are not part of it.
 */
export function signedTextOf(html: string): string | null {
  const { document } = new JSDOM(html).window;
  const article = document.querySelector('article');
  if (!article) return null;
  for (const el of article.querySelectorAll('[data-unsigned]')) el.remove();
  return (article.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** "sha256:" + hex of the UTF-8 bytes of signedTextOf(html); null for a page with no <article>. */
export function contentHashOfPage(html: string): string | null {
  const text = signedTextOf(html);
  return text === null ? null : 'sha256:' + createHash('sha256').update(text, 'utf8').digest('hex');
}
