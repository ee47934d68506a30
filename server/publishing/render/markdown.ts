import { JSDOM } from 'jsdom';
import createDOMPurify from 'dompurify';
import { Marked } from 'marked';
import { markdownLimits } from '../../util/markdownLimits.js';

// Reviewers write light Markdown; the page must never carry their (or the LLM's) raw HTML.
const marked = new Marked(markdownLimits, { gfm: true, breaks: false, async: false });
let purify: ReturnType<typeof createDOMPurify> | undefined;

function sanitizer() {
  if (!purify) {
    purify = createDOMPurify(new JSDOM('').window);
    purify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        const href = node.getAttribute('href') ?? '';
        if (!/^(https?:|mailto:|\/|#)/i.test(href)) node.removeAttribute('href');
        else if (/^https?:/i.test(href)) node.setAttribute('rel', 'nofollow noopener');
      }
    });
  }
  return purify;
}

const BLOCK = {
  ALLOWED_TAGS: ['p', 'a', 'em', 'strong', 'code', 'ul', 'ol', 'li', 'blockquote', 'br', 'sup', 'sub', 'del'],
  ALLOWED_ATTR: ['href', 'title', 'rel'],
};
const INLINE = { ...BLOCK, ALLOWED_TAGS: ['a', 'em', 'strong', 'code', 'br', 'sup', 'sub', 'del'] };

export function markdownBlock(md: string): string {
  return sanitizer()
    .sanitize(marked.parse(md) as string, BLOCK)
    .trim();
}

export function markdownInline(md: string): string {
  return sanitizer()
    .sanitize(marked.parseInline(md) as string, INLINE)
    .trim();
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
