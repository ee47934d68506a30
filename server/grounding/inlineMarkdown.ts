/**
 * Where a draft item's inline Markdown puts its formatting, as offsets into the raw text.
 * - Grounding checks the words a reader will see: the syntax (`**`, a link's URL, backticks) is blanked
 *   to spaces of the same length, so a URL's words never count against a sentence's support and every
 *   offset still points into the text the reviewer typed.
 * - The workspace shows the draft as it will be published (bold, emphasis, code, links) while every
 *   sentence, flag and difference keeps those offsets: the syntax is cut out as hidden pieces instead of
 *   the text being re-rendered to HTML, which would lose them.
 */
import { Lexer, Marked, type Token, type Tokens } from 'marked';
import { markdownLimits } from '../util/markdownLimits.js';

export interface InlineStyle {
  strong: boolean;
  em: boolean;
  code: boolean;
  del: boolean;
  /** The link target, shown as a tooltip: the sentence around it is already the link. */
  link: string | null;
}

export interface StyledRange {
  start: number;
  end: number;
  style: Partial<InlineStyle>;
}

export interface InlineMarks {
  /** Syntax the published page does not show (`**`, `[`, `](url)`, backticks, raw tags, images). */
  hidden: { start: number; end: number }[];
  styled: StyledRange[];
}

const NONE: InlineMarks = { hidden: [], styled: [] };

/** Markdown-free text (most LLM prose) skips the lexer. */
const SYNTAX = /[*_`~[\]<>\\!]|https?:|www\./;

function walk(tokens: Token[], at: number, out: InlineMarks): number {
  for (const t of tokens) {
    const start = at;
    const end = start + t.raw.length;
    const inner = (t as { tokens?: Token[] }).tokens;
    const wrap = (style: Partial<InlineStyle>) => {
      if (!inner) return;
      const innerLength = inner.reduce((n, c) => n + c.raw.length, 0);
      // Delimiters sit either side of the children (`**x**`, `~~x~~`); a link's `[` before, `](…)` after.
      const open =
        t.type === 'link' ? (t.raw.startsWith('[') || t.raw.startsWith('<') ? 1 : 0) : (t.raw.length - innerLength) / 2;
      if (open > 0) out.hidden.push({ start, end: start + open });
      const innerEnd = walk(inner, start + open, out);
      if (innerEnd < end) out.hidden.push({ start: innerEnd, end });
      out.styled.push({ start: start + open, end: innerEnd, style });
    };
    switch (t.type) {
      case 'strong':
        wrap({ strong: true });
        break;
      case 'em':
        wrap({ em: true });
        break;
      case 'del':
        wrap({ del: true });
        break;
      case 'link':
        wrap({ link: (t as Tokens.Link).href });
        break;
      case 'codespan': {
        const ticks = /^`+/.exec(t.raw)![0].length;
        out.hidden.push({ start, end: start + ticks }, { start: end - ticks, end });
        out.styled.push({ start: start + ticks, end: end - ticks, style: { code: true } });
        break;
      }
      case 'escape':
        out.hidden.push({ start, end: start + 1 });
        break;
      case 'html':
      case 'image':
        // The published page drops raw tags and images (its sanitiser allows neither here).
        out.hidden.push({ start, end });
        break;
    }
    at = end;
  }
  return at;
}

const LEXER_OPTIONS = new Marked(markdownLimits, { gfm: true }).defaults;

export function inlineMarks(text: string): InlineMarks {
  if (!SYNTAX.test(text)) return NONE;
  // With the renderers' bounds: unbounded, marked takes minutes over some 20,000-character inputs.
  const tokens = Lexer.lexInline(text, LEXER_OPTIONS);
  const out: InlineMarks = { hidden: [], styled: [] };
  // The offsets are only trusted when the tokens account for every character of the text.
  if (walk(tokens, 0, out) !== text.length || tokens.map((t) => t.raw).join('') !== text) return NONE;
  return out;
}

/** The text with its Markdown syntax replaced by spaces: same length, same offsets. */
export function maskMarkdown(text: string): string {
  const { hidden } = inlineMarks(text);
  if (!hidden.length) return text;
  const chars = text.split('');
  for (const h of hidden) for (let i = h.start; i < h.end; i++) if (chars[i] !== '\n') chars[i] = ' ';
  return chars.join('');
}

/** The style of a piece of text lying wholly inside or outside each styled range. */
export function styleAt(marks: InlineMarks, start: number, end: number): InlineStyle | null {
  let style: InlineStyle | null = null;
  for (const r of marks.styled) {
    if (r.start <= start && end <= r.end) {
      style ??= { strong: false, em: false, code: false, del: false, link: null };
      Object.assign(style, r.style);
    }
  }
  return style;
}

export const isHidden = (marks: InlineMarks, start: number, end: number) =>
  marks.hidden.some((h) => h.start <= start && end <= h.end);
