/**
 * Text from the outside world is made inert before it goes into a prompt:
 * characters a reader cannot see are exactly where injected instructions hide
 * (zero-width text, bidi overrides, Unicode "tag" ASCII smuggling), and HTML
 * that a browser would not show (comments, hidden elements, scripts) is not
 * part of the article the editor chose.
 */

// Format (Cf) covers zero-width chars, bidi controls, soft hyphen, BOM and the
// U+E0000 tag block; Co is private use; variation selectors carry no meaning in news text.
const INVISIBLE = /[\p{Cf}\p{Co}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\u115F\u1160\u3164\uFFA0]/gu;
// Control characters except tab and newline.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const INVISIBLE_ELEMENTS = /<(script|style|template|noscript|iframe|object|svg)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
// Elements the author marked as not for display: hidden, aria-hidden, display:none, visibility:hidden, zero size/opacity.
const HIDDEN_ATTR =
  /\bhidden\b(?!-)|aria-hidden\s*=\s*["']?true|style\s*=\s*["'][^"']*(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0(?![.\d]*[1-9]))/i;
const OPEN_TAG = /<([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>/g;
const BLOCK_TAG = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|blockquote|pre|hr)\b[^>]*>/gi;
const ANY_TAG = /<\/?[a-zA-Z][a-zA-Z0-9-]*\b[^>]*>/g;

/** Removes each hidden element through its matching close tag (or to the end), counting nesting. */
function removeHiddenElements(html: string): string {
  let out = html;
  for (;;) {
    const found = findHiddenOpenTag(out);
    if (!found) return out;
    if (found.selfClosing) {
      out = out.slice(0, found.start) + out.slice(found.end);
      continue;
    }
    const tagRe = new RegExp(`<(/?)${found.name}\\b[^>]*>`, 'gi');
    tagRe.lastIndex = found.end;
    let depth = 1;
    let end = out.length;
    for (let t = tagRe.exec(out); t; t = tagRe.exec(out)) {
      if (!t[1] && t[0].endsWith('/>')) continue;
      depth += t[1] ? -1 : 1;
      if (depth === 0) {
        end = t.index + t[0].length;
        break;
      }
    }
    out = out.slice(0, found.start) + out.slice(end);
  }
}

const VOID_ELEMENTS = /^(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)$/i;

function findHiddenOpenTag(html: string): { name: string; start: number; end: number; selfClosing: boolean } | null {
  OPEN_TAG.lastIndex = 0;
  for (let m = OPEN_TAG.exec(html); m; m = OPEN_TAG.exec(html)) {
    if (!HIDDEN_ATTR.test(m[2])) continue;
    const selfClosing = m[0].endsWith('/>') || VOID_ELEMENTS.test(m[1]);
    return { name: m[1], start: m.index, end: m.index + m[0].length, selfClosing };
  }
  return null;
}

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '').replace(CONTROL, '');
}

export function stripHiddenHtml(text: string): string {
  let out = text.replace(HTML_COMMENT, '');
  out = out.replace(INVISIBLE_ELEMENTS, '');
  out = removeHiddenElements(out);
  // Block tags become line breaks so "end.</p><p>Next" does not fuse two sentences.
  return out.replace(BLOCK_TAG, '\n').replace(ANY_TAG, '');
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
