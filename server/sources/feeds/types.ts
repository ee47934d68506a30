export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface FeedItem {
  guid?: string;
  /** Absolute http(s) URL of the article. */
  url?: string;
  title: string;
  author?: string;
  publishedAt?: Date;
  updatedAt?: Date;
  /** Plain text of the summary/description. */
  summaryText: string;
  /** Plain text of the full content; the summary when the feed carries no separate content. */
  contentText: string;
  categories: string[];
  /** The item as feedsmith parsed it, kept for provenance. */
  raw: unknown;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string;
  siteUrl?: string;
  items: FeedItem[];
  /** Readable descriptions of everything that was wrong and recovered from (empty for a clean feed). */
  problems: string[];
}

export interface ParseFeedOptions {
  /** The URL the feed was fetched from: the base of last resort for relative links. */
  url: string;
  /** HTTP Content-Type header, used for its charset. */
  contentType?: string;
  /** HTTP Content-Location header: the document's base URL when present. */
  contentLocation?: string;
}

/** What the mappers share: problem sink and date parsing with reporting. */
export interface MapContext {
  docBase: string | undefined;
  problems: string[];
  date(value: string | undefined, what: string): Date | undefined;
}
