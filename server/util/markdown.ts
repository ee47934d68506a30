import { JSDOM } from 'jsdom';
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { Marked } from 'marked';
import { markdownLimits } from './markdownLimits.js';

/*
 * What the editor's preview (`review/markdown.ts`) and the published page
 * (`publishing/render/markdown.ts`) share: one Markdown parser, GitHub-flavoured and bounded by
 * markdownLimits, and the making of a DOMPurify over jsdom. What each lets through (tags,
 * attributes, link hooks) stays written out in its own module.
 */
const marked = new Marked(markdownLimits, { gfm: true, breaks: false, async: false });

/** Markdown → HTML, not yet sanitised. */
export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown) as string;
}

/** Inline Markdown (no paragraphs) → HTML, not yet sanitised. */
export function inlineMarkdownToHtml(markdown: string): string {
  return marked.parseInline(markdown) as string;
}

/**
 * A DOMPurify of the caller's own, made on first use over one jsdom window for the process
 * (building one per call costs far more than sanitising). Hooks belong to an instance: `setup`
 * adds the caller's, and no other caller's sanitiser runs them.
 */
export function lazyPurifier(setup?: (purify: DOMPurify) => void): () => DOMPurify {
  let purify: DOMPurify | undefined;
  return () => {
    if (!purify) {
      purify = createDOMPurify(new JSDOM('').window);
      setup?.(purify);
    }
    return purify;
  };
}
