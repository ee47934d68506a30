import { JSDOM, VirtualConsole } from 'jsdom';
import { Readability } from '@mozilla/readability';
import createDOMPurify from 'dompurify';
import { BadRequestError } from '../../errors/AppError.js';
import { canonicalizeUrl } from '../url/canonicalUrl.js';
import { articleText } from './articleText.js';
import { isHiddenElement } from '../text/htmlElements.js';
import { findPublishedTime, parsePublishedDate } from './publishedDate.js';
import { MAX_MARKUP_DEPTH, MAX_PAGE_ELEMENTS, markupShape } from '../text/markupDepth.js';

export { decodeHtml } from './decodeHtml.js';

export interface ExtractedArticle {
  title: string;
  byline?: string;
  publishedAt?: Date;
  siteName?: string;
  canonicalUrl: string;
  lang?: string;
  excerpt?: string;
  /** Paragraphs separated by blank lines. */
  text: string;
  /** Sanitised article HTML, safe to render. */
  html: string;
}

/** Below this, what Readability found is navigation or a teaser, not an article. */
export const MIN_ARTICLE_CHARS = 200;

function canonicalFrom(doc: Document, pageUrl: string): string {
  const candidates = [
    doc.querySelector<HTMLLinkElement>('link[rel~="canonical" i][href]')?.getAttribute('href'),
    doc.querySelector('meta[property="og:url" i][content]')?.getAttribute('content'),
  ];
  for (const raw of candidates) {
    if (!raw?.trim()) continue;
    try {
      return canonicalizeUrl(new URL(raw.trim(), doc.baseURI).href);
    } catch {
      // A broken or non-http canonical is the publisher's mistake; fall through.
    }
  }
  return canonicalizeUrl(pageUrl);
}

function langFrom(doc: Document, fromReadability: string | null | undefined): string | undefined {
  const lang =
    fromReadability?.trim() ||
    doc.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content')?.split(',')[0]?.trim() ||
    doc.querySelector('meta[property="og:locale" i]')?.getAttribute('content')?.trim().replace('_', '-');
  return lang || undefined;
}

// Readability 0.6 strips "Title | Site" and "Title - Site" but not the en and
// em dashes WordPress and many CMSs use. Same rule as Readability: only keep
// the head when it is long enough not to be a fragment.
function stripDashSiteSuffix(title: string, documentTitle: string | undefined): string {
  if (title !== documentTitle) return title;
  const m = /^(.*\S)\s+[–—]\s+\S.*$/.exec(title);
  if (!m) return title;
  return m[1].split(/\s+/).length > 4 ? m[1] : title;
}

function clean(value: string | null | undefined): string | undefined {
  const v = value?.replace(/\s+/g, ' ').trim();
  return v ? v : undefined;
}

export function extractArticle(html: string, pageUrl: string): ExtractedArticle {
  try {
    new URL(pageUrl);
  } catch {
    throw new BadRequestError(
      'invalid_url',
      `Page URL is not a valid absolute URL: ${JSON.stringify(pageUrl.slice(0, 200))}`,
    );
  }
  const shape = markupShape(html, { depth: MAX_MARKUP_DEPTH + 1, elements: MAX_PAGE_ELEMENTS + 1 });
  if (shape.depth > MAX_MARKUP_DEPTH) {
    throw new BadRequestError(
      'page_too_deep',
      `The page at ${pageUrl} nests its markup more than ${MAX_MARKUP_DEPTH} levels deep; it was not read.`,
    );
  }
  if (shape.elements > MAX_PAGE_ELEMENTS) {
    throw new BadRequestError(
      'page_too_large',
      `The page at ${pageUrl} has more than ${MAX_PAGE_ELEMENTS.toLocaleString('en')} HTML elements; it was not read. Add the article's text instead.`,
    );
  }
  // jsdom's defaults neither run scripts nor load subresources; the silent
  // console keeps malformed CSS on scraped pages out of our logs.
  const dom = new JSDOM(html, { url: pageUrl, virtualConsole: new VirtualConsole() });
  try {
    const doc = dom.window.document;
    // Readability mutates the document, so read what it does not report first.
    const canonicalUrl = canonicalFrom(doc, pageUrl);
    const fallbackPublished = findPublishedTime(doc);
    const documentTitle = clean(doc.title);

    // Text a reader never sees (hidden, aria-hidden, zero size or opacity) must not reach the model
    // either; Readability drops only some of it, and the sanitiser below strips the styles that say so.
    for (const el of Array.from(doc.querySelectorAll('[hidden], [aria-hidden], [style]'))) {
      if (isHiddenElement(el)) el.remove();
    }
    const article = new Readability(doc).parse();
    if (!article?.content) {
      throw new BadRequestError('no_article', `No article content found at ${pageUrl}`);
    }
    const purify = createDOMPurify(dom.window);
    const safeHtml = purify.sanitize(article.content, {
      FORBID_TAGS: ['style', 'form', 'input', 'button', 'select', 'textarea'],
      FORBID_ATTR: ['style'],
    });
    const container = doc.createElement('div');
    container.innerHTML = safeHtml;
    const text = articleText(container);
    if (text.length < MIN_ARTICLE_CHARS) {
      throw new BadRequestError(
        'no_article',
        `No article found at ${pageUrl}: only ${text.length} characters of text (need ${MIN_ARTICLE_CHARS})`,
      );
    }
    return {
      title: stripDashSiteSuffix(clean(article.title) ?? documentTitle ?? '', documentTitle),
      byline: clean(article.byline),
      publishedAt: parsePublishedDate(article.publishedTime) ?? parsePublishedDate(fallbackPublished),
      siteName: clean(article.siteName),
      canonicalUrl,
      lang: langFrom(doc, article.lang),
      excerpt: clean(article.excerpt),
      text,
      html: safeHtml,
    };
  } finally {
    dom.window.close();
  }
}
