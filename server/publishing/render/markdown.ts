import { inlineMarkdownToHtml, lazyPurifier, markdownToHtml } from '../../util/markdown.js';

// Reviewers write light Markdown; the page must never carry their (or the LLM's) raw HTML.
const sanitizer = lazyPurifier((purify) => {
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!/^(https?:|mailto:|\/|#)/i.test(href)) node.removeAttribute('href');
      else if (/^https?:/i.test(href)) node.setAttribute('rel', 'nofollow noopener');
    }
  });
});

const BLOCK = {
  ALLOWED_TAGS: ['p', 'a', 'em', 'strong', 'code', 'ul', 'ol', 'li', 'blockquote', 'br', 'sup', 'sub', 'del'],
  ALLOWED_ATTR: ['href', 'title', 'rel'],
};
const INLINE = { ...BLOCK, ALLOWED_TAGS: ['a', 'em', 'strong', 'code', 'br', 'sup', 'sub', 'del'] };

export function markdownBlock(md: string): string {
  return sanitizer().sanitize(markdownToHtml(md), BLOCK).trim();
}

export function markdownInline(md: string): string {
  return sanitizer().sanitize(inlineMarkdownToHtml(md), INLINE).trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** Plain text of sanitised markup, for search and descriptions. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => ENTITIES[e])
    .replace(/\s+/g, ' ')
    .trim();
}
