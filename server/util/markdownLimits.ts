import { Tokenizer, type MarkedExtension, type Tokens } from 'marked';

/**
 * Bounds on what one piece of Markdown may cost `marked` (15.x), which has none of its own.
 * Without them, 20,000 characters (the most a section may hold) are enough to hold the
 * single-threaded server for minutes or to crash a render with a RangeError:
 *
 * - an unclosed link repeated (`[a](` × 5,000): its link pattern backtracks over every split of
 *   destination and title at every `[`, cubic in the text's length (8,000 characters took 20 s);
 * - blockquotes, lists or emphasis nested a few thousand deep (`>` × 4,000, `1. ` × 3,000, `**`
 *   around `**` …): the lexer recurses once per level and overflows the stack;
 * - a run of thousands of `*` or `_` in inline text: each of its characters is tried as an
 *   emphasis opener against the rest of the run (20,000 took 1.7 s);
 * - many emphasis openers that never close (`*a ` × 3,000 then `*` × 3,000): each one scans the
 *   rest of the paragraph for its closer (1.5 s);
 * - raw HTML, which marked passes on for the sanitiser: DOMPurify parses it with jsdom, whose
 *   every insertion walks the new node's ancestors, so `<div>` × 4,000 took 3.5 s and then
 *   overflowed the stack, `<b>` × 6,000 10 s.
 *
 * Text that stays within the bounds renders exactly as before. Past them, Markdown degrades to
 * text: a blockquote, list, emphasis or link nested deeper than MAX_MARKDOWN_NESTING is shown as
 * its characters, and so is a run of more than MAX_DELIMITER_RUN asterisks or underscores;
 * emphasis closes within EMPHASIS_REACH characters of where it opens or not at all; raw HTML is
 * shown as text once one render has passed on MAX_RAW_HTML_TAGS tags.
 */
export const MAX_MARKDOWN_NESTING = 32;
export const MAX_DELIMITER_RUN = 64;
export const EMPHASIS_REACH = 2000;
export const MAX_RAW_HTML_TAGS = 256;

/**
 * marked's inline link pattern with two changes, both as CommonMark has it: a title must be
 * separated from the destination by white space (marked allowed `[a](b"t")`), and an unquoted
 * destination is at least one character unless the link closes right there (`[a]()`). Each
 * removes a way of splitting the same characters between destination, separator and title, so
 * a failed attempt costs one scan instead of one scan per split.
 */
const LABEL = /(?:\[(?:\\.|[^[\]\\])*\]|\\.|`[^`]*`|[^[\]\\`])*?/.source;
const HREF = /<(?:\\.|[^\n<>\\])+>|[^ \t\n\x00-\x1f]+|(?=\))/.source; // eslint-disable-line no-control-regex -- the pattern excludes control characters from destinations, as marked's does
const TITLE = /"(?:\\"?|[^"\\])*"|'(?:\\'?|[^'\\])*'|\((?:\\\)?|[^)\\])*\)/.source;
const LINK = new RegExp(
  `^!?\\[(${LABEL})\\]\\(\\s*(${HREF})(?:(?:[ \\t]+(?:\\n[ \\t]*)?|\\n[ \\t]*)(${TITLE}))?\\s*\\)`,
);

const LONG_RUN = new RegExp(`^(?:\\*{${MAX_DELIMITER_RUN + 1},}|_{${MAX_DELIMITER_RUN + 1},})`);

// marked lexes synchronously and these tokenizers recurse through the lexer, so one counter
// for the process measures how deep the current render is.
let depth = 0;

function nested<T>(run: () => T): T | undefined {
  if (depth >= MAX_MARKDOWN_NESTING) return undefined;
  depth++;
  try {
    return run();
  } finally {
    depth--;
  }
}

// The tokenizer as marked's own link() sees it, with the pattern above in place of marked's.
// marked hands the same tokenizer fresh rules for each render; the view is rebuilt when they change.
const linkViews = new WeakMap<Tokenizer, { rules: Tokenizer['rules']; view: Tokenizer }>();

function withSafeLink(tokenizer: Tokenizer): Tokenizer {
  const known = linkViews.get(tokenizer);
  if (known?.rules === tokenizer.rules) return known.view;
  const rules = { ...tokenizer.rules, inline: { ...tokenizer.rules.inline, link: LINK } };
  const view = Object.create(tokenizer, { rules: { value: rules } }) as Tokenizer;
  linkViews.set(tokenizer, { rules: tokenizer.rules, view });
  return view;
}

const original = Tokenizer.prototype;

// Tags of the raw HTML passed on in the current render (reset as each render starts).
let rawTags = 0;
const START_TAG = /<[a-zA-Z]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The extension: `new Marked(markdownLimits, options)` or `marked.use(markdownLimits)`. */
export const markdownLimits: MarkedExtension = {
  hooks: {
    preprocess(markdown) {
      rawTags = 0;
      return markdown;
    },
  },
  renderer: {
    html({ text, block }) {
      rawTags += text.match(START_TAG)?.length ?? 0;
      if (rawTags <= MAX_RAW_HTML_TAGS) return false;
      return block ? `<p>${escapeHtml(text)}</p>\n` : escapeHtml(text);
    },
  },
  tokenizer: {
    blockquote(src) {
      return nested(() => original.blockquote.call(this, src));
    },
    list(src) {
      return nested(() => original.list.call(this, src));
    },
    emStrong(src, maskedSrc, prevChar) {
      // marked looks for the closing delimiter in everything that follows (the masked copy of
      // src is aligned with its end): only within EMPHASIS_REACH characters here.
      if (src.length > EMPHASIS_REACH) {
        const at = maskedSrc.length - src.length;
        maskedSrc = maskedSrc.slice(at, at + EMPHASIS_REACH);
        src = src.slice(0, EMPHASIS_REACH);
      }
      return nested(() => original.emStrong.call(this, src, maskedSrc, prevChar));
    },
    del(src) {
      return nested(() => original.del.call(this, src));
    },
    link(src) {
      return nested(() => original.link.call(withSafeLink(this), src));
    },
    inlineText(src) {
      // A long run of emphasis characters is text as a whole, not one opener per character.
      const run = LONG_RUN.exec(src)?.[0];
      if (!run) return false;
      const token: Tokens.Text = { type: 'text', raw: run, text: run, escaped: this.lexer.state.inRawBlock };
      return token;
    },
  },
};
