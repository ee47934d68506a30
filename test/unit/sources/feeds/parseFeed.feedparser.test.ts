import { decodeFeedBytes } from '../../../../server/sources/feeds/decodeFeedBytes.js';
import { parseFeed, type ParsedFeed } from '../../../../server/sources/feeds/parseFeed.js';
import { BadRequestError } from '../../../../server/errors/AppError.js';
import { feedparserExpectations, readFixture, type FeedparserExpectation } from './fixtures.js';

/**
 * Every feedparser fixture, with its `Expect:` expression translated to
 * ParsedFeed terms. Mapping rules:
 *  - `bozo` → problems.length > 0 (and the readable entries are still there);
 *    `not bozo` → problems is empty;
 *  - `encoding == X` → decodeFeedBytes(...).encoding;
 *  - `version` → format; `entries[0]['link']` → items[0].url;
 *  - description/summary/content/title values → the plain text of that HTML
 *    (ParsedFeed carries text only, so markup in an expected value becomes its text);
 *  - sanitize cases → additionally no "<script", "onerror" or "javascript:" anywhere.
 *
 * Fixtures whose expectation concerns a field ParsedFeed does not have are
 * `na` (with reason) but still get the bozo check and a sanity assertion.
 * A known gap is a `{ kind: 'fail', reason, check }` case (none today): if anything else stops
 * passing, the suite fails.
 */
interface Run {
  fx: FeedparserExpectation;
  feed: ParsedFeed;
}
type Check = (r: Run) => void;
type Case =
  | { kind: 'pass'; check: Check }
  | { kind: 'na'; reason: string; check: Check }
  | { kind: 'fail'; reason: string; check: Check };

const BASE = 'http://127.0.0.1:8097/tests/';

function parse(fx: FeedparserExpectation): ParsedFeed {
  const h = fx.http_headers ?? {};
  return parseFeed(readFixture('feedparser', fx.file), {
    url: BASE + fx.file,
    contentType: h['Content-type'],
    contentLocation: h['Content-Location'],
  });
}

function encodingOf(fx: FeedparserExpectation): string {
  return decodeFeedBytes(readFixture('feedparser', fx.file), fx.http_headers?.['Content-type']).encoding;
}

/** The bozo part of an expectation, applied to every fixture that has one. */
function bozoRule({ fx, feed }: Run): void {
  if (/^\s*not bozo\b/.test(fx.expect)) expect(feed.problems).toEqual([]);
  else if (/^\s*bozo\b/.test(fx.expect)) expect(feed.problems.length).toBeGreaterThan(0);
}

function noMarkupLeak(feed: ParsedFeed): void {
  const texts = [
    feed.title,
    ...feed.items.flatMap((i) => [i.title, i.summaryText, i.contentText, i.author ?? '', i.url ?? '', ...i.categories]),
  ];
  for (const t of texts) expect(t).not.toMatch(/<script|onerror|javascript:/i);
}

const item0 = (feed: ParsedFeed) => {
  expect(feed.items.length).toBeGreaterThan(0);
  return feed.items[0];
};

const pass = (check: Check): Case => ({ kind: 'pass', check });
const na = (reason: string, check: Check = () => {}): Case => ({ kind: 'na', reason, check });
const encodingIs =
  (name: string): Check =>
  ({ fx }) =>
    expect(encodingOf(fx)).toBe(name);
const summaryIs =
  (text: string): Check =>
  ({ feed }) =>
    expect(item0(feed).summaryText).toBe(text);
const contentIs =
  (text: string): Check =>
  ({ feed }) =>
    expect(item0(feed).contentText).toBe(text);
const titleIs =
  (text: string): Check =>
  ({ feed }) =>
    expect(item0(feed).title).toBe(text);
const urlIs =
  (url: string): Check =>
  ({ feed }) =>
    expect(item0(feed).url).toBe(url);
const formatIs =
  (format: ParsedFeed['format']): Check =>
  ({ feed }) =>
    expect(feed.format).toBe(format);
const sanitized =
  (check: Check): Check =>
  (r) => {
    check(r);
    noMarkupLeak(r.feed);
  };

// Undeclared legacy encodings are guessed with jschardet, flagged (bozo) and decoded with the guess.
const chardet = (enc: string): Case =>
  pass((r) => {
    expect(item0ish(r.feed)).toBe(true);
    expect(r.feed.problems.join(' ')).toMatch(/not valid UTF-8; detected/);
    expect(encodingOf(r.fx)).toBe(enc);
  });
const item0ish = (feed: ParsedFeed) => feed.items.length > 0 || feed.title !== '';

const CASES: Record<string, Case> = {
  'encoding/big5.xml': pass(encodingIs('big5')),
  'encoding/bozo_bogus_encoding.xml': pass(({ feed }) => expect(feed.problems.join(' ')).toMatch(/bogus/)),
  'encoding/bozo_double-encoded-html.xml': pass(({ feed }) => expect(item0(feed).summaryText).toBe('\u2026')),
  // feedparser's chardet guess turns the trailing 0xA9 into "Š" and its sanitizer drops "<>";
  // the intent (invalid UTF-8 → flagged, read as windows-1252) is asserted.
  'encoding/bozo_linenoise.xml': pass(({ feed }) =>
    expect(item0(feed).summaryText).toBe('\xe2\u20ac\u2122<>\xe2\u20ac\x9d\xa9'),
  ),
  'encoding/demoronize-1.xml': pass(summaryIs('don\u2019t')),
  'encoding/double-encoded-html.xml': pass(({ feed }) => expect(item0(feed).summaryText.codePointAt(0)).toBe(8230)),
  'encoding/http_application_atom_xml_gb2312_charset.xml': pass(encodingIs('gb18030')),
  'encoding/http_i18n.xml': pass(({ feed }) => expect(feed.title).toBe('Iñtërnâtiônàlizætiøn')),
  'encoding/http_text_xml_charset_overrides_encoding.xml': pass(encodingIs('us-ascii')),
  'encoding/utf-16be-bom.xml': pass((r) => {
    encodingIs('utf-16be')(r);
    formatIs('rss')(r);
  }),
  'encoding/utf-32le-bom.xml': pass((r) => {
    encodingIs('utf-32le')(r);
    formatIs('rss')(r);
  }),
  'illformed/always_strip_doctype.xml': pass(({ feed }) => expect(feed.title).toBe('found')),
  'illformed/chardet/big5.xml': chardet('big5'),
  'illformed/chardet/koi8r.xml': chardet('koi8-r'),
  'illformed/chardet/shiftjis.xml': chardet('shift_jis'),
  'illformed/chardet/windows1255.xml': chardet('windows-1255'),
  'illformed/http_high_bit_date.xml': pass(formatIs('rss')), // "1": must not crash on a Greek date
  'illformed/rss_empty_document.xml': pass(() => {}), // handled specially: must throw not_a_feed
  'illformed/rss_item_link_corrupted_ampersands.xml': pass((r) => {
    urlIs('http://link/get?a=1&b=2')(r);
    expect(r.feed.problems.join(' ')).toMatch(/middle of a tag/);
  }),
  'illformed/undeclared_namespace.xml': pass(({ feed }) => expect(feed.problems.join(' ')).toMatch(/itunes/)),
  'wellformed/amp/amp01.xml': pass(titleIs('&')),
  'wellformed/amp/amp49.xml': pass(titleIs('&')),
  'wellformed/amp/attr01.xml': pass(titleIs('&')),
  'wellformed/atom/entry_content_mode_escaped.xml': pass(contentIs('Example Atom')),
  'wellformed/atom/feed_title.xml': pass(({ feed }) => expect(feed.title).toBe('Example Atom')),
  'wellformed/atom10/atom10_version.xml': pass(formatIs('atom')),
  'wellformed/atom10/entry_category_term_non_ascii.xml': pass(({ feed }) =>
    expect(item0(feed).categories[0]).toBe('Freir\xe4ume'),
  ),
  'wellformed/atom10/entry_content_base64.xml': pass(contentIs('Example Atom')),
  'wellformed/atom10/entry_content_escaped_markup.xml': pass(contentIs('Example Atom')),
  'wellformed/atom10/entry_content_inline_markup.xml': pass(contentIs('Example Atom')),
  'wellformed/atom10/entry_content_text_plain_brackets.xml': pass(contentIs('History of the <blink> tag')),
  'wellformed/atom10/entry_link_alternate_map_link_3.xml': pass(urlIs('http://www.example.com/alternate')),
  // links[1] (rel=service.post) has no ParsedFeed equivalent; the alternate link is the item URL.
  'wellformed/atom10/entry_link_multiple.xml': pass(urlIs('http://www.example.com/')),
  'wellformed/atom10/entry_summary_type_text.xml': pass(summaryIs('Example Atom')),
  'wellformed/atom10/entry_title_escaped_markup.xml': pass(titleIs('Example Atom')),
  'wellformed/atom10/missing_quote_in_attr.xml': pass(({ feed }) => expect(feed.title).toBe('example')),
  'wellformed/atom10/relative_uri_inherit.xml': na(
    'asserts an href resolved inside title markup; ParsedFeed titles are plain text (links inside markup are dropped)',
    ({ feed }) => expect(feed.title).toBe('Example test'),
  ),
  'wellformed/base/entry_content_xml_base_inherit_3.xml': na(
    'asserts the xml:base of a content element; ParsedFeed exposes no per-field base (item-link xml:base is unit-tested separately)',
    contentIs('Example test'),
  ),
  'wellformed/base/http_item_description_base_docuri.xml': na(
    'asserts an href resolved inside description markup; ParsedFeed keeps text only',
    summaryIs('click here'),
  ),
  'wellformed/base/http_item_link_base_content_location.xml': pass(urlIs('http://example.com/relative/uri')),
  'wellformed/base/http_relative_xml_base.xml': na(
    'asserts the xml:base of a title element; no per-field base in ParsedFeed (nested relative xml:base on item links is unit-tested separately)',
    titleIs('Example test'),
  ),
  'wellformed/base/relative_xml_base_2.xml': na(
    'asserts the xml:base of a title element; no per-field base in ParsedFeed',
    titleIs('Example test'),
  ),
  'wellformed/http/headers_etag.xml': na(
    'ETag is an HTTP caching concern of the fetcher, not of parsing',
    formatIs('atom'),
  ),
  'wellformed/lang/item_content_encoded_xml_lang.xml': na(
    'content language (xml:lang) is not part of FeedItem',
    contentIs('Example content'),
  ),
  'wellformed/namespace/rss1.0withModules.xml': pass((r) => {
    titleIs('Test Item - RSS 1.0')(r);
    formatIs('rdf')(r);
  }),
  'wellformed/namespace/rss2.0withAtomNS.xml': pass(formatIs('rss')),
  'wellformed/rdf/rdf_item_link.xml': pass(urlIs('http://example.com/1')),
  'wellformed/rdf/rss090_item_title.xml': pass(titleIs('Item title')),
  'wellformed/rss/entity_in_doctype.xml': pass(({ feed }) =>
    expect(item0(feed).guid).toBe('tag:example.com,2006-05-04:/blog/'),
  ),
  'wellformed/rss/item_category_multiple.xml': na('category scheme (RSS domain) is not part of FeedItem', ({ feed }) =>
    expect(item0(feed).categories).toEqual(['Example category 1', 'Example category 2']),
  ),
  'wellformed/rss/item_content_encoded.xml': pass(contentIs('Example content')),
  // feedparser files dc:date under "updated"; for news it is the publication date.
  'wellformed/rss/item_dc_date_parsed.xml': pass(({ feed }) =>
    expect(item0(feed).publishedAt?.toISOString()).toBe('2003-12-31T10:14:55.000Z'),
  ),
  'wellformed/rss/item_description_br.xml': pass(summaryIs('article title\n\narticle byline\n\ntext of article')),
  'wellformed/rss/item_description_escaped_markup.xml': pass(summaryIs('Example description')),
  'wellformed/rss/item_description_naked_markup.xml': pass(summaryIs('Example description')),
  'wellformed/rss/item_enclosure_multiple.xml': na('enclosures are not part of FeedItem', urlIs('http://example.com/')),
  'wellformed/rss/item_guid_isPermaLink_map_link.xml': pass(urlIs('http://guid.example.com/')),
  'wellformed/rss/item_guid_not_permalink_not_url.xml': pass(({ feed }) => {
    expect(item0(feed).guid).toBe('abc');
    expect(item0(feed).url).toBeUndefined();
  }),
  'wellformed/rss/item_multiple_dc_creator.xml': pass(({ feed }) =>
    expect(item0(feed).author).toBe('First Author, Second Author'),
  ),
  'wellformed/rss/item_pubDate_map_updated_parsed.xml': pass(({ feed }) =>
    expect(item0(feed).publishedAt?.toISOString()).toBe('2004-01-01T19:48:21.000Z'),
  ),
  'wellformed/rss/item_source_url.xml': na('the RSS <source> element is not part of FeedItem', ({ feed }) =>
    expect(feed.items).toHaveLength(1),
  ),
  'wellformed/rss/rss_version_091_netscape.xml': pass(formatIs('rss')),
  'wellformed/rss/rss_version_092.xml': pass(formatIs('rss')),
  'wellformed/rss/rss_version_20.xml': pass(formatIs('rss')),
  'wellformed/rss/rss_version_missing.xml': pass(formatIs('rss')),
  'wellformed/sanitize/entry_content_script.xml': pass(sanitized(contentIs('safe description'))),
  'wellformed/sanitize/entry_summary_style.xml': pass(sanitized(summaryIs('never trust your upstream platypus'))),
  'wellformed/sanitize/feed_title_script.xml': pass(
    sanitized(({ feed }) => expect(feed.title).toBe('safe description')),
  ),
  'wellformed/sanitize/item_description_iframe.xml': pass(sanitized(summaryIs('safe description'))),
  'wellformed/sanitize/item_description_onerror.xml': pass(sanitized(summaryIs(''))),
  'wellformed/sanitize/item_description_script_cdata.xml': pass(sanitized(summaryIs('safe description'))),
  'json/example.json': pass(
    sanitized(({ feed }) => {
      expect(feed.format).toBe('json');
      expect(feed.title).toBe('My Example Feed');
      expect(feed.items).toHaveLength(2);
      expect(feed.items[1].contentText).toBe('Hello, world!');
    }),
  ),
};

function evaluate(fx: FeedparserExpectation, c: Case): void {
  if (fx.file === 'illformed/rss_empty_document.xml') {
    // "bozo" for an empty document: we reject it as not a feed, with a specific reason.
    let err: unknown;
    try {
      parse(fx);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).code).toBe('not_a_feed');
    expect((err as BadRequestError).detail).toMatch(/empty/);
    return;
  }
  const run = { fx, feed: parse(fx) };
  bozoRule(run);
  c.check(run);
}

const fixtures = feedparserExpectations();
const outcomes: Array<{ file: string; kind: string; ok: boolean; reason?: string }> = [];

describe('parseFeed against the feedparser fixtures', () => {
  afterAll(() => {
    const count = (kind: string, ok?: boolean) =>
      outcomes.filter((o) => o.kind === kind && (ok === undefined || o.ok === ok)).length;
    const lines = [
      `feedparser fixtures: ${fixtures.length}`,
      `  pass: ${count('pass', true)}   (regressed: ${count('pass', false)})`,
      `  n/a:  ${count('na')}`,
      `  fail: ${count('fail', false)}   (known failures now passing: ${count('fail', true)})`,
      ...outcomes
        .filter((o) => o.kind !== 'pass')
        .map((o) => `  - [${o.kind}${o.kind === 'fail' && o.ok ? ' → now passes' : ''}] ${o.file}: ${o.reason}`),
    ];
    console.log(lines.join('\n'));
  });

  it('classifies every fixture exactly once', () => {
    expect(Object.keys(CASES).sort()).toEqual(fixtures.map((f) => f.file).sort());
    expect(fixtures.length).toBe(72);
  });

  it.each(fixtures.map((f) => [f.file, f] as const))('%s', (_file, fx) => {
    const c = CASES[fx.file];
    if (!c) throw new Error(`unclassified fixture ${fx.file}`);
    if (c.kind === 'fail') {
      let ok = true;
      try {
        evaluate(fx, c);
      } catch {
        ok = false;
      }
      outcomes.push({ file: fx.file, kind: 'fail', ok, reason: c.reason });
      // A known failure must still parse without throwing.
      expect(() => parse(fx)).not.toThrow();
      return;
    }
    try {
      evaluate(fx, c);
      outcomes.push({ file: fx.file, kind: c.kind, ok: true, reason: c.kind === 'na' ? c.reason : undefined });
    } catch (e) {
      outcomes.push({ file: fx.file, kind: c.kind, ok: false, reason: c.kind === 'na' ? c.reason : undefined });
      throw e;
    }
  });
});
