/**
 * Plain text of an article DOM for prompts, search and diffing: one block per
 * paragraph, blocks separated by a blank line, inline whitespace collapsed.
 */

import { BLOCK_ELEMENTS, TABLE_CELLS, isHiddenElement } from '../text/htmlElements.js';

const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'select',
  'button',
  'head',
]);

export function articleText(root: Node): string {
  const blocks: string[] = [];
  let current = '';
  const flush = (): void => {
    const lines = current
      .split('\n')
      .map((l) => l.replace(/[ \t\f\r\u00a0]+/g, ' ').trim())
      .filter((l) => l.length > 0);
    // A list marker whose item starts with a nested block belongs to that block.
    if (lines.length === 1 && lines[0] === '-') {
      current = '- ';
      return;
    }
    if (lines.length) blocks.push(lines.join('\n'));
    current = '';
  };

  const walk = (node: Node, inPre: boolean): void => {
    if (node.nodeType === 3 /* text */) {
      const t = node.nodeValue ?? '';
      current += inPre ? t : t.replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== 1 /* element */ && node.nodeType !== 11 /* fragment */) return;
    const el = node as Element;
    const tag = node.nodeType === 1 ? el.localName : '';
    if (SKIP_TAGS.has(tag) || (node.nodeType === 1 && isHiddenElement(el))) return;
    if (tag === 'br') {
      current += '\n';
      return;
    }
    if (tag === 'img') {
      return;
    }
    const block = BLOCK_ELEMENTS.has(tag);
    if (block) flush();
    if (tag === 'li') current += '- ';
    if (TABLE_CELLS.has(tag)) current += ' ';
    for (let c = node.firstChild; c; c = c.nextSibling) walk(c, inPre || tag === 'pre');
    if (TABLE_CELLS.has(tag)) current += ' ';
    if (block) flush();
  };

  walk(root, false);
  flush();
  return blocks.join('\n\n');
}
