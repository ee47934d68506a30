import { JSDOM } from 'jsdom';
import { stripInvisible } from './stripInvisible.js';
import { BLOCK_ELEMENTS, TABLE_CELLS, isHiddenElement } from './htmlElements.js';
import { parseable } from './markupDepth.js';

/**
 * HTML fragment → plain text as a reader would see it. Feed and page HTML is
 * untrusted: anything a browser would not show (scripts, styles, comments,
 * hidden elements) is dropped so that text hidden from the reviewer cannot reach
 * the LLM, and no markup survives, so nothing downstream can render it as HTML.
 *
 * Paragraph-level elements become blank-line breaks, <br> a single newline.
 */

// Parsing only: jsdom never runs scripts or fetches resources unless asked to.
let parser: DOMParser | undefined;
function getParser(): DOMParser {
  parser ??= new new JSDOM('').window.DOMParser();
  return parser;
}

const DROP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'meta',
  'link',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'picture',
  'source',
  'track',
  'map',
  'select',
  'option',
  'datalist',
  'textarea',
  'input',
  'button',
  'dialog',
  'img',
  'area',
  'base',
  'param',
]);

// Markers survive whitespace collapsing and are turned into real breaks at the end.
const PARA = '\u0000P\u0000';
const LINE = '\u0000L\u0000';

function walk(node: Node, out: string[]): void {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3) {
      out.push(child.nodeValue ?? '');
      continue;
    }
    if (child.nodeType !== 1) continue; // comments, processing instructions
    const el = child as Element;
    const tag = el.localName.toLowerCase();
    if (DROP.has(tag) || isHiddenElement(el)) continue;
    if (tag === 'br') {
      out.push(LINE);
      continue;
    }
    const block = BLOCK_ELEMENTS.has(tag) || TABLE_CELLS.has(tag);
    if (block) out.push(PARA);
    walk(el, out);
    if (block) out.push(PARA);
  }
}

/**
 * In HTML, <iframe/>, <script/> etc. are not self-closing: everything after them
 * would be swallowed as raw text. Feeds written by XML tools use that form, so
 * close such elements explicitly to keep the article text that follows.
 */
const SELF_CLOSED_RAW_TEXT = /<(iframe|noembed|noframes|noscript|script|style|textarea|title|xmp)\b([^>]*?)\/>/gi;

function normalise(raw: string): string {
  return (
    raw
      // All whitespace (incl. nbsp) except our NUL markers, which the pattern must name.
      // eslint-disable-next-line no-control-regex -- NUL is the paragraph / line marker set above
      .replace(/[^\S\u0000]+/g, ' ')
      .split(PARA)
      .map((para) =>
        para
          .split(LINE)
          .map((line) => line.replace(/\s+/g, ' ').trim())
          .join('\n')
          .replace(/^\n+|\n+$/g, ''),
      )
      .filter((para) => para.trim() !== '')
      .join('\n\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

// C0 controls never belong in prose, and NUL would collide with our markers.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * Text of an HTML fragment. Markup nested past MAX_MARKUP_DEPTH or of more than MAX_PAGE_ELEMENTS
 * elements gives none (see markupDepth.ts): 100,000 elements in one feed item took jsdom 2 s.
 */
export function htmlToText(html: string): string {
  if (!html || !parseable(html)) return '';
  const clean = html.replace(CONTROL, '');
  const doc = getParser().parseFromString(clean.replace(SELF_CLOSED_RAW_TEXT, '<$1$2></$1>'), 'text/html');
  const out: string[] = [];
  walk(doc.body ?? doc.documentElement, out);
  return normalise(stripInvisible(out.join('')));
}

/**
 * Plain text (no markup semantics) normalised like htmlToText output: a blank
 * line is a paragraph break, a single newline is usually a hard wrap.
 */
export function normaliseText(text: string): string {
  const marked = text
    .replace(CONTROL, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\n[^\S\n]*\n\s*/g, PARA);
  return normalise(stripInvisible(marked));
}
