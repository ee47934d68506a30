import { BadRequestError } from '../../errors/AppError.js';

/**
 * One stable spelling per article URL, so the same story shared through a
 * newsletter, a tweet and a feed is stored once.
 */

// Parameters that identify the click, not the document. Matched case-insensitively.
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'mc_cid',
  'mc_eid',
  'ref_src',
  'ref_url',
  '_hsenc',
  '_hsmi',
  '__hstc',
  '__hssc',
  '__hsfp',
  'hsctatracking',
  'mkt_tok',
  '_ga',
  '_gl',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'vero_conv',
  'wickedid',
  'rb_clickid',
  's_cid',
  'spm',
  'guccounter',
  'guce_referrer',
  'guce_referrer_sig',
  'cmpid',
  'ncid',
  'sr_share',
  'at_medium',
  'at_campaign',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hsa_'];

function isTrackingParam(rawKey: string): boolean {
  const key = safeDecode(rawKey).toLowerCase();
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((p) => key.startsWith(p));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

// RFC 3986 §6.2.2: escapes of unreserved characters are equivalent to the
// character itself, and hex digits are case-insensitive.
function normalizePercentEncoding(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

function canonicalQuery(search: string): string {
  if (search.length <= 1) return '';
  const pairs = search
    .slice(1)
    .split('&')
    .filter((p) => p.length > 0)
    .map((p) => {
      const eq = p.indexOf('=');
      const key = normalizePercentEncoding(eq === -1 ? p : p.slice(0, eq));
      const value = eq === -1 ? null : normalizePercentEncoding(p.slice(eq + 1));
      return { key, value };
    })
    .filter((p) => !isTrackingParam(p.key));
  // Stable sort on key only: the relative order of repeated keys (a=1&a=2) can matter.
  pairs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (pairs.length === 0) return '';
  return '?' + pairs.map((p) => (p.value === null ? p.key : `${p.key}=${p.value}`)).join('&');
}

export function canonicalizeUrl(input: string): string {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new BadRequestError('invalid_url', `Not a valid absolute URL: ${JSON.stringify(trimmed.slice(0, 200))}`);
  }
  // The WHATWG parser already lowercases scheme and host, converts IDN to
  // punycode, drops default ports and resolves dot segments.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadRequestError(
      'invalid_url',
      `Only http and https URLs are accepted, got a ${url.protocol.replace(/:$/, '').slice(0, 20)}: URL`,
    );
  }
  if (!url.hostname) {
    throw new BadRequestError('invalid_url', `URL has no host: ${trimmed.slice(0, 200)}`);
  }
  if (url.username || url.password) {
    // Credentials must never end up stored or shown next to a source.
    throw new BadRequestError(
      'invalid_url',
      `URLs with embedded credentials are not accepted: ${url.protocol}//${url.host}${url.pathname}`,
    );
  }
  // "example.com." and "example.com" name the same host.
  const host = url.hostname.endsWith('.') ? url.hostname.replace(/\.+$/, '') : url.hostname;
  if (!host) throw new BadRequestError('invalid_url', `URL has no host: ${trimmed.slice(0, 200)}`);
  const port = url.port ? `:${url.port}` : '';
  const path = normalizePercentEncoding(url.pathname || '/');
  return `${url.protocol}//${host}${port}${path}${canonicalQuery(url.search)}`;
}
