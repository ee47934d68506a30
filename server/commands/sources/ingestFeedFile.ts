import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { parseFeed } from '../../sources/feeds/parseFeed.js';
import { FEED_MAX_BYTES } from '../../sources/feeds/fetchFeed.js';
import { feedPublisher } from '../../sources/feeds/feedItemToInput.js';
import { BadRequestError } from '../../errors/AppError.js';
import { ingestFeedDocument } from '../feeds/ingestFeedDocument.js';

export interface FeedFileInput {
  /** The document as text (the browser has already decoded the file). */
  xml: string;
  /** Where the feed is published: the base for relative links. */
  url?: string;
  filename?: string;
  publisher?: string;
}

/** A saved RSS / Atom / RDF / JSON Feed file, uploaded once rather than subscribed to. */
export async function ingestFeedFile(db: Db, actor: Actor, input: FeedFileInput, now = new Date()) {
  const bytes = Buffer.from(input.xml, 'utf8');
  if (bytes.length > FEED_MAX_BYTES)
    throw new BadRequestError('feed_too_large', `The feed file is larger than ${FEED_MAX_BYTES / 1024 / 1024} MB.`);
  const base = input.url ?? `https://feed-file.invalid/${encodeURIComponent(input.filename ?? 'feed.xml')}`;
  // The text is already Unicode: say so, so an XML declaration naming another charset cannot re-decode it.
  const feed = parseFeed(bytes, { url: base, contentType: 'application/xml; charset=utf-8' });
  if (feed.items.length === 0)
    throw new BadRequestError('feed_empty', 'The feed file was read but holds no items.', {
      issues: [{ field: 'xml', message: 'no items' }],
    });
  const r = await ingestFeedDocument(db, actor, feed, {
    feedId: null,
    feedUrl: input.url ?? input.filename ?? 'uploaded feed file',
    publisher: input.publisher?.trim() || feedPublisher({ title: feed.title, url: feed.siteUrl ?? base }),
    fetchedAt: now,
  });
  return { ...r, feedTitle: feed.title, problems: [...feed.problems, ...r.problems] };
}
