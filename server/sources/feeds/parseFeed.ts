import {
  DetectError,
  ParseError,
  parseAtomFeed,
  parseJsonFeed,
  parseRdfFeed,
  parseRssFeed,
  type AtomFeed,
  type JsonFeed,
  type RdfFeed,
  type RssFeed,
} from 'feedsmith';
import { BadRequestError } from '../../errors/AppError.js';
import { decodeFeedBytes } from './decodeFeedBytes.js';
import { ambiguousFieldToText, atomValueToText, plainFieldToText } from './feedText.js';
import { applyXmlBase, resolveUrl } from './feedUrls.js';
import { alternateLink, mapAtomEntry } from './mapAtom.js';
import { mapJsonItem } from './mapJson.js';
import { mapRssItem } from './mapRss.js';
import { parseFeedDate } from './parseFeedDate.js';
import { repairXml } from './repairXml.js';
import type { FeedFormat, MapContext, ParsedFeed, ParseFeedOptions } from './types.js';

export type { FeedItem, ParsedFeed, ParseFeedOptions } from './types.js';

/**
 * Feed bytes → plain-text items with absolute, safe links.
 *
 * Lenient by design (a newsroom wants the entries of a sloppy feed, not an
 * error): ill-formed XML is repaired and each repair is described in
 * `problems`. Only documents that are not feeds at all (empty, HTML, JSON that
 * is not a JSON Feed, XML with another root) throw BadRequestError("not_a_feed").
 */
const MAX_PROBLEMS = 50;

function notAFeed(reason: string): never {
  throw new BadRequestError('not_a_feed', reason);
}

function makeContext(docBase: string | undefined, problems: string[]): MapContext {
  return {
    docBase,
    problems,
    date(value, what) {
      if (value === undefined || value === null || String(value).trim() === '') return undefined;
      const d = parseFeedDate(String(value));
      if (!d) problems.push(`Unreadable ${what} date "${String(value).trim().slice(0, 60)}" ignored.`);
      return d;
    },
  };
}

function tidyProblems(problems: string[]): string[] {
  const unique = [...new Set(problems)];
  if (unique.length <= MAX_PROBLEMS) return unique;
  return [...unique.slice(0, MAX_PROBLEMS), `…and ${unique.length - MAX_PROBLEMS} more problems.`];
}

function parseJson(text: string, docBase: string | undefined, problems: string[]): ParsedFeed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    notAFeed(`The document looks like JSON but is not valid JSON (${(e as Error).message}).`);
  }
  let feed: JsonFeed.Feed<string>;
  try {
    feed = parseJsonFeed<string>(value);
  } catch {
    notAFeed('The document is JSON but not a JSON Feed (no "version" https://jsonfeed.org/version/…).');
  }
  const ctx = makeContext(docBase, problems);
  const items = (feed.items ?? []).map((item) => mapJsonItem(item, ctx));
  return {
    format: 'json',
    title: plainFieldToText(feed.title),
    siteUrl: resolveUrl(feed.home_page_url, docBase),
    items,
    problems: tidyProblems(problems),
  };
}

type XmlParser = (xml: string) => unknown;
const PARSERS: Record<string, { format: Exclude<FeedFormat, 'json'>; parse: XmlParser }> = {
  rss: { format: 'rss', parse: parseRssFeed },
  feed: { format: 'atom', parse: parseAtomFeed },
  rdf: { format: 'rdf', parse: parseRdfFeed },
};

function describeRoot(text: string): string {
  const withoutComments = text
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .trim();
  if (!withoutComments) return 'The document is empty (no elements, only whitespace or comments).';
  return 'The document is not XML or JSON (no root element found).';
}

export function parseFeed(bytes: Buffer, opts: ParseFeedOptions): ParsedFeed {
  if (bytes.length === 0) notAFeed('The document is empty (0 bytes).');
  const decoded = decodeFeedBytes(bytes, opts.contentType);
  const problems = [...decoded.problems];
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (!text.trim()) notAFeed('The document is empty (only whitespace).');

  const docBase = resolveUrl(opts.contentLocation, opts.url) ?? resolveUrl(opts.url, undefined);
  if (/^\s*[[{]/.test(text)) return parseJson(text, docBase, problems);

  const repaired = repairXml(text);
  if (!repaired.root) notAFeed(describeRoot(text));
  if (repaired.root === 'html') {
    notAFeed(
      'The document is an HTML page, not a feed (look for a <link rel="alternate" type="application/rss+xml"> on it).',
    );
  }
  const parser = PARSERS[repaired.root];
  if (!parser) notAFeed(`The root element <${repaired.rootQName}> is not RSS, Atom or RDF.`);
  problems.push(...repaired.problems);

  let raw: unknown;
  try {
    raw = parser.parse(repaired.xml);
  } catch (e) {
    // The root is right but there is nothing feedsmith can use (e.g. an empty channel): a feed with no items.
    if (e instanceof ParseError || e instanceof DetectError) raw = {};
    else
      notAFeed(
        `The feed XML is too broken to read (${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}).`,
      );
  }

  const ctx = makeContext(docBase, problems);
  if (parser.format === 'atom') {
    const feed = raw as Partial<AtomFeed.Feed<string>>;
    const base = applyXmlBase(feed.xml?.base, docBase, problems);
    return {
      format: 'atom',
      title: atomValueToText(feed.title?.value, feed.title?.type),
      siteUrl: resolveUrl(alternateLink(feed.links), base),
      items: (feed.entries ?? []).map((e) => mapAtomEntry(e, base, ctx)),
      problems: tidyProblems(problems),
    };
  }
  const feed = raw as Partial<RssFeed.Feed<string>> & Partial<RdfFeed.Feed<string>>;
  const base = applyXmlBase(feed.xml?.base, docBase, problems);
  return {
    format: parser.format,
    title: ambiguousFieldToText(feed.title ?? feed.dc?.titles?.[0]),
    siteUrl: resolveUrl(feed.link, base),
    items: (feed.items ?? []).map((item) => mapRssItem(item, base, ctx)),
    problems: tidyProblems(problems),
  };
}
