import { canonicalizeUrl } from '../../../../server/sources/url/canonicalUrl.js';
import { BadRequestError } from '../../../../server/errors/AppError.js';

describe('canonicalizeUrl', () => {
  test.each([
    [
      'lowercases scheme and host, drops default http port, adds root slash',
      'HTTP://Example.COM:80',
      'http://example.com/',
    ],
    ['drops default https port and fragment', 'https://example.com:443/a#section-2', 'https://example.com/a'],
    ['keeps non-default ports', 'https://example.com:8443/a', 'https://example.com:8443/a'],
    ['resolves dot segments', 'https://example.com/a/../b/./c', 'https://example.com/b/c'],
    ['keeps a trailing slash on non-root paths', 'https://example.com/news/', 'https://example.com/news/'],
    [
      'removes utm_* and click ids, sorts the rest',
      'https://example.com/p?utm_source=nl&z=1&UTM_Medium=e&fbclid=abc&a=2&gclid=x',
      'https://example.com/p?a=2&z=1',
    ],
    [
      'removes mailchimp, hubspot, instagram, twitter, bing, yandex ids',
      'https://example.com/?mc_cid=1&mc_eid=2&_hsenc=3&_hsmi=4&igshid=5&ref_src=6&msclkid=7&yclid=8&id=9',
      'https://example.com/?id=9',
    ],
    ['drops an empty query after removing trackers', 'https://example.com/a?utm_campaign=x', 'https://example.com/a'],
    [
      'keeps repeated keys in their original relative order',
      'https://example.com/?b=1&a=2&a=1',
      'https://example.com/?a=2&a=1&b=1',
    ],
    ['keeps valueless params', 'https://example.com/?print&a=1', 'https://example.com/?a=1&print'],
    [
      'decodes escaped unreserved characters and uppercases other escapes',
      'https://example.com/%7euser/%e2%82%ac?q=%7e%2f',
      'https://example.com/~user/%E2%82%AC?q=~%2F',
    ],
    [
      'percent-encodes raw spaces and non-ASCII in the path',
      'https://example.com/a b/é',
      'https://example.com/a%20b/%C3%A9',
    ],
    ['converts IDN hosts to punycode', 'https://Bücher.example/x', 'https://xn--bcher-kva.example/x'],
    ['drops a trailing dot on the host', 'https://example.com./a', 'https://example.com/a'],
    ['trims surrounding whitespace', '  https://example.com/a \n', 'https://example.com/a'],
    ['leaves IPv6 literals intact', 'http://[2001:DB8::1]:8080/', 'http://[2001:db8::1]:8080/'],
  ])('%s', (_name, input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  test('is idempotent', () => {
    const once = canonicalizeUrl('HTTPS://Example.com:443/a/%7eb?utm_x=1&z=%2f&a#f');
    expect(canonicalizeUrl(once)).toBe(once);
  });

  test.each([
    ['ftp://example.com/file', /only http and https/i],
    ['javascript:alert(1)', /only http and https/i],
    ['file:///etc/passwd', /only http and https/i],
    ['example.com/no-scheme', /not a valid absolute url/i],
    ['http://', /not a valid absolute url/i],
    ['http://exa mple.com/', /not a valid absolute url/i],
    ['', /not a valid absolute url/i],
    ['https://user:secret@example.com/', /credentials/i],
  ])('rejects %j as invalid_url', (input, message) => {
    let caught: unknown;
    try {
      canonicalizeUrl(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(BadRequestError);
    expect((caught as BadRequestError).code).toBe('invalid_url');
    expect((caught as BadRequestError).message).toMatch(message);
    // Never echo the password back.
    expect((caught as BadRequestError).message).not.toContain('secret');
  });
});
