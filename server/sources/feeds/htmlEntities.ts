import { JSDOM } from 'jsdom';

/**
 * Resolves an HTML named character reference (e.g. "acirc") to its text, using
 * the HTML parser's own table so we do not carry a 2,000-entry copy. Feeds use
 * HTML entities that XML does not define; we need their values to repair them.
 */
let doc: Document | undefined;
const cache = new Map<string, string | null>();

export function decodeHtmlEntity(name: string): string | null {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  doc ??= new JSDOM('').window.document;
  const el = doc.createElement('textarea');
  el.innerHTML = `&${name};`;
  const value = el.value === `&${name};` ? null : el.value;
  if (cache.size < 4096) cache.set(name, value);
  return value;
}
