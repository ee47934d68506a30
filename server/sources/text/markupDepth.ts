/**
 * How deeply a piece of HTML nests its elements, read in one pass without building a DOM.
 *
 * jsdom walks every ancestor of each node it inserts, and Readability scores ancestors again, so
 * parsing costs the square of the nesting: a 5 KB page of 800 nested <div>s took 12 s to extract,
 * 1,000 took 20 s, and 4,000 overflowed the stack, all inside the process that polls feeds and
 * serves requests. Real pages nest a few dozen levels; markup past MAX_MARKUP_DEPTH is refused
 * before it reaches a parser.
 */
export const MAX_MARKUP_DEPTH = 128;

/**
 * Readability's cost grows with the element count even on flat markup: 10,000 elements took 1.7 s
 * and 100,000 (2 MB) 21 s, in the process that serves requests. The largest of the 112 real pages
 * among the fixtures and shared data has 2,047; the web's 99th percentile is a few thousand. A page
 * past this is refused, and its text can be added as text instead.
 */
export const MAX_PAGE_ELEMENTS = 20_000;

// Elements that never hold others, and those whose end tag may be left out (a browser closes them
// at the next sibling): neither adds a level here.
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
const OPTIONAL_END = new Set([
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'option',
  'optgroup',
  'colgroup',
  'rt',
  'rp',
  'html',
  'head',
  'body',
]);
// Their content is text, whatever it looks like.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript']);

const isNameChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 58;

export interface MarkupShape {
  /** The deepest nesting of elements. */
  depth: number;
  /** Elements opened (void ones included): what jsdom and Readability pay for on a flat page. */
  elements: number;
}

/** Nesting and element count of `html`, read in one pass; the scan ends once either limit is passed. */
export function markupShape(html: string, limits: { depth?: number; elements?: number } = {}): MarkupShape {
  const stopDepth = limits.depth ?? Infinity;
  const stopElements = limits.elements ?? Infinity;
  const lower = html.toLowerCase();
  let depth = 0;
  let max = 0;
  let elements = 0;
  let i = 0;
  while ((i = lower.indexOf('<', i)) !== -1) {
    if (lower.startsWith('<!--', i)) {
      const end = lower.indexOf('-->', i + 4);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    const closing = lower[i + 1] === '/';
    const from = i + (closing ? 2 : 1);
    let to = from;
    while (to < lower.length && isNameChar(lower.charCodeAt(to))) to++;
    if (to === from) {
      i++;
      continue;
    }
    const name = lower.slice(from, to);
    const end = lower.indexOf('>', to);
    if (end < 0) break;
    i = end + 1;
    if (!closing && ++elements >= stopElements) break;
    if (VOID.has(name) || OPTIONAL_END.has(name)) continue;
    if (closing) {
      if (depth > 0) depth--;
      continue;
    }
    if (lower[end - 1] === '/') continue;
    if (RAW_TEXT.has(name)) {
      const close = lower.indexOf(`</${name}`, i);
      if (close < 0) break;
      i = close;
      continue;
    }
    depth++;
    if (depth > max) {
      max = depth;
      if (max >= stopDepth) break;
    }
  }
  return { depth: max, elements };
}

/** The deepest nesting of elements in `html`, counting up to `stopAt` (the scan ends there). */
export function markupDepth(html: string, stopAt = Infinity): number {
  return markupShape(html, { depth: stopAt }).depth;
}

/** Whether a parser may be given `html`: nested no deeper than MAX_MARKUP_DEPTH, no more than MAX_PAGE_ELEMENTS. */
export function parseable(html: string): boolean {
  const shape = markupShape(html, { depth: MAX_MARKUP_DEPTH + 1, elements: MAX_PAGE_ELEMENTS + 1 });
  return shape.depth <= MAX_MARKUP_DEPTH && shape.elements <= MAX_PAGE_ELEMENTS;
}
