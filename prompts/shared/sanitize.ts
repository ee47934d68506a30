/**
 * Text from the outside world is made inert before it goes into a prompt:
 * characters a reader cannot see are exactly where injected instructions hide
 * (zero-width text, bidi overrides, Unicode "tag" ASCII smuggling), and HTML
 * that a browser would not show (comments, hidden elements, scripts) is not
 * part of the article the editor chose.
 */

import { parse, type DefaultTreeAdapterMap } from 'parse5';

// Format (Cf) covers zero-width chars, bidi controls, soft hyphen, BOM and the
// U+E0000 tag block; Co is private use; variation selectors carry no meaning in news text.
const INVISIBLE = /[\p{Cf}\p{Co}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\u115F\u1160\u3164\uFFA0]/gu;
// Control characters except tab and newline.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

// Markup worth parsing starts with "<" and a letter, "/", "!" or "?"; "<5%" or "a < b" is prose.
const MARKUP = /<[a-zA-Z/!?]/;
// Never shown by a browser: their content is code, data or another document.
const INVISIBLE_ELEMENTS = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
]);
// Their edges are line breaks, so "end.</p><p>Next" does not fuse two sentences.
const BLOCK_ELEMENTS = new Set([
  ...['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table'],
  ...['section', 'article', 'blockquote', 'pre', 'hr'],
]);

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** A style attribute's declarations, lower-cased, comments and !important dropped; the last one wins. */
function declarations(style: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const decl of style.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '').split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const value = decl
      .slice(colon + 1)
      .replace(/!\s*important\s*$/i, '')
      .trim()
      .toLowerCase();
    out.set(decl.slice(0, colon).trim().toLowerCase(), value);
  }
  return out;
}

/** Marked as not for display: hidden, aria-hidden, or a style that hides it or shrinks it to nothing. */
function isHidden(el: Element): boolean {
  const attr = (name: string) => el.attrs.find((a) => a.name === name)?.value;
  if (attr('hidden') !== undefined) return true;
  if ((attr('aria-hidden') ?? '').trim().toLowerCase() === 'true') return true;
  const style = attr('style');
  if (!style) return false;
  const css = declarations(style);
  // "0", "0px", "0.0em", "0%": nothing left to see.
  const zero = (v: string | undefined) => v !== undefined && /^[+-]?0*\.?0*(?:[a-z%]+)?$/.test(v) && /0/.test(v);
  return (
    css.get('display') === 'none' ||
    ['hidden', 'collapse'].includes(css.get('visibility') ?? '') ||
    zero(css.get('font-size')) ||
    zero(css.get('opacity'))
  );
}

function walk(node: Node, out: string[]): void {
  if (!('childNodes' in node)) return;
  for (const child of node.childNodes) {
    if (child.nodeName === '#text') {
      out.push((child as DefaultTreeAdapterMap['textNode']).value);
      continue;
    }
    if (!('tagName' in child)) continue; // comments, doctypes
    const tag = child.tagName.toLowerCase();
    if (INVISIBLE_ELEMENTS.has(tag) || isHidden(child)) continue;
    const block = BLOCK_ELEMENTS.has(tag);
    if (block) out.push('\n');
    walk(child, out);
    if (block) out.push('\n');
  }
}

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '').replace(CONTROL, '');
}

/**
 * Drops what a browser would not show (comments, scripts and the like, hidden elements) and every
 * tag, keeping the visible text. An HTML parser decides what is an element and where it ends, as the
 * browser the editor reads with would (parse5, the WHATWG parser jsdom uses): no attribute quoting or nesting trick can smuggle hidden text
 * past it. Text without markup is returned as it is.
 */
export function stripHiddenHtml(text: string): string {
  if (!MARKUP.test(text)) return text;
  const out: string[] = [];
  walk(parse(text), out);
  return out.join('');
}

/** Multi-line untrusted text (article bodies). */
export function sanitizeUntrusted(text: string): string {
  const plain = stripHiddenHtml(stripInvisible(text.replace(/\r\n?/g, '\n')));
  // Invisible-char stripping happens first so "<!-\u200B-" cannot dodge the comment rule; run once more
  // because removing tags can join characters that were separated.
  return stripInvisible(plain)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Untrusted text that must stay on one line (titles, publisher names, URLs). */
export function sanitizeLine(text: string): string {
  return sanitizeUntrusted(text).replace(/\s+/g, ' ').trim();
}
