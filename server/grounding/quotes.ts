/**
 * Quoted passages. Straight quotes carry no direction, so an opening quote is one that
 * follows a space or bracket and a closing one precedes a space or punctuation; a quote
 * left open at a paragraph break (press-release style) is dropped rather than guessed.
 */

export interface QuoteSpan {
  /** Offsets including the quote marks. */
  start: number;
  end: number;
  innerStart: number;
  innerEnd: number;
  text: string;
}

const OPEN_CLOSE: Record<string, string> = { '“': '”', '«': '»', '„': '“' };
const MAX_QUOTE_CHARS = 1200;

function looksOpening(text: string, i: number): boolean {
  const prev = i === 0 ? ' ' : text[i - 1];
  const next = text[i + 1] ?? ' ';
  return /[\s([{—–:,-]/.test(prev) && !/\s/.test(next);
}

function looksClosing(text: string, i: number): boolean {
  const prev = i === 0 ? ' ' : text[i - 1];
  const next = text[i + 1] ?? ' ';
  return !/\s/.test(prev) && /[\s.,;:!?)\]}—–-]|^$/.test(next);
}

export function extractQuotes(text: string): QuoteSpan[] {
  const out: QuoteSpan[] = [];
  let open = -1;
  let closer = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (open >= 0) {
      if (c === '\n' && text[i + 1] === '\n') {
        open = -1;
        continue;
      }
      if (i - open > MAX_QUOTE_CHARS) {
        open = -1;
        continue;
      }
      const closes = closer === '"' ? c === '"' && looksClosing(text, i) : c === closer;
      if (closes) {
        if (i - open > 1) {
          out.push({ start: open, end: i + 1, innerStart: open + 1, innerEnd: i, text: text.slice(open, i + 1) });
        }
        open = -1;
      }
      continue;
    }
    if (OPEN_CLOSE[c]) {
      open = i;
      closer = OPEN_CLOSE[c];
      continue;
    }
    if (c === '"' && looksOpening(text, i)) {
      open = i;
      closer = '"';
    }
  }
  return out;
}

/** Fragments a quote must match in order: an ellipsis means words were left out. */
export function quoteFragments(inner: string): string[] {
  return inner.split(/\s*(?:\.\s?\.\s?\.|…|\[\s*(?:\.\.\.|…)\s*\])\s*/).filter((f) => /[\p{L}\d]/u.test(f));
}
