import { htmlToText, normaliseText } from '../text/htmlToText.js';
import { repairMojibake } from '../text/repairMojibake.js';

/**
 * Every human-readable feed field becomes plain text here, so no markup from a
 * feed (and so no XSS) can survive into stored sources.
 */
export function htmlFieldToText(value: string | undefined): string {
  return value ? repairMojibake(htmlToText(value)) : '';
}

export function plainFieldToText(value: string | undefined): string {
  return value ? repairMojibake(normaliseText(value)) : '';
}

const KNOWN_TAG =
  /<\/?(?:a|abbr|b|big|blockquote|br|cite|code|del|div|em|embed|font|h[1-6]|hr|i|iframe|img|ins|li|object|ol|p|pre|q|s|script|small|span|strike|strong|style|sub|sup|svg|table|td|th|tr|tt|u|ul)\b[^>]*>/i;

/** RSS does not say whether a title is HTML; treat it as HTML only if it looks like it. */
export function ambiguousFieldToText(value: string | undefined): string {
  if (!value) return '';
  return KNOWN_TAG.test(value) || /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});/i.test(value)
    ? htmlFieldToText(value)
    : plainFieldToText(value);
}

/**
 * Atom text constructs and content: "text" is literal, "html"/"xhtml" (and the
 * Atom 0.3 MIME forms) are markup, any other non-text, non-XML MIME type means
 * base64 (RFC 4287 §4.1.3.3).
 */
export function atomValueToText(value: string | undefined, type: string | undefined): string {
  if (!value) return '';
  const t = (type ?? 'text').trim().toLowerCase();
  if (t === 'text' || t === 'text/plain') return plainFieldToText(value);
  if (t === 'html' || t === 'xhtml' || t.includes('html') || t.endsWith('+xml') || t.endsWith('/xml'))
    return htmlFieldToText(value);
  if (t.startsWith('text/')) return plainFieldToText(value);
  const compact = value.replace(/\s+/g, '');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return htmlFieldToText(Buffer.from(compact, 'base64').toString('utf8'));
  return htmlFieldToText(value);
}
