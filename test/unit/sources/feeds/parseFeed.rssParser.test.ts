import { readdirSync } from 'node:fs';
import path from 'node:path';
import { BadRequestError } from '../../../../server/errors/AppError.js';
import { parseFeed } from '../../../../server/sources/feeds/parseFeed.js';
import { FIXTURES, readFixture } from './fixtures.js';

/**
 * rss-parser's golden outputs: same number of items, same titles, same links.
 * rss-parser keeps raw strings, so both sides are whitespace-normalised before
 * comparison; a U+FFFD in a golden title (rss-parser decoding latin-1 as UTF-8)
 * matches any one character, since we decode those bytes correctly.
 */
interface Golden {
  feed: { title?: string; items: Array<{ title?: string; link?: string }> };
}

const BASE = 'http://127.0.0.1:8097/rss-parser/';
const inputs = readdirSync(path.join(FIXTURES, 'rss-parser/input')).filter((f) => f !== 'unrecognized.rss');

/** Deliberate differences from rss-parser, each with the reason. */
const KNOWN_DIFFERENCES: Record<string, { items: number; reason: string }> = {
  'incomplete-fields.atom': {
    items: 0,
    reason: 'its only entry has nothing but an empty <author>: no text, link or id to ingest',
  },
};

const squash = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
function titleMatcher(golden: string | undefined): RegExp {
  const escaped = squash(golden)
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\uFFFD/g, '.');
  return new RegExp(`^${escaped}$`, 'u');
}

describe('parseFeed against rss-parser golden outputs', () => {
  it.each(inputs)('%s', (file) => {
    const name = file.replace(/\.(rss|atom)$/, '');
    const golden = JSON.parse(readFixture('rss-parser/output', `${name}.json`).toString('utf8')) as Golden;
    const contentType = name === 'encoding' ? 'text/xml; charset=latin1' : undefined;
    const feed = parseFeed(readFixture('rss-parser/input', file), { url: BASE + file, contentType });

    const known = KNOWN_DIFFERENCES[file];
    if (known) {
      expect(feed.items).toHaveLength(known.items);
      return;
    }
    expect(feed.items).toHaveLength(golden.feed.items.length);
    expect(squash(feed.title)).toMatch(titleMatcher(golden.feed.title));
    feed.items.forEach((item, i) => {
      const g = golden.feed.items[i];
      expect(squash(item.title)).toMatch(titleMatcher(g.title));
      // rss-parser leaves relative links as written; ours are absolute.
      expect(item.url).toBe(g.link ? new URL(g.link, BASE + file).href : undefined);
    });
  });

  it('rejects unrecognized.rss (an HTML "Document Moved" page) as not_a_feed', () => {
    let err: unknown;
    try {
      parseFeed(readFixture('rss-parser/input/unrecognized.rss'), { url: `${BASE}unrecognized.rss` });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).code).toBe('not_a_feed');
    expect((err as BadRequestError).detail).toMatch(/<head>/);
  });
});
