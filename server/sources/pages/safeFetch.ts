import { asError } from '../../util/errors.js';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { promises as dnsPromises, type LookupAddress } from 'node:dns';
import { BadRequestError, UpstreamError } from '../../errors/AppError.js';
import { assertAddressAllowed, assertHostnameAllowed } from './ssrfPolicy.js';
import { contentDecoders } from './contentDecoding.js';

/**
 * HTTP GET for URLs chosen by users or remote feeds. Every hop is resolved
 * here, vetted, and then connected to by address, so DNS cannot answer
 * differently between the check and the connection.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type SafeLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SafeFetchOptions {
  /** Limit on the decoded body. Default 5 MB. */
  maxBytes?: number;
  /** Whole fetch, redirects and DNS included. Default 15 s. */
  timeoutMs?: number;
  /** Longest silence on the socket. Default 10 s. */
  idleTimeoutMs?: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
  userAgent?: string;
  lookup?: SafeLookup;
  /** Tests only: skip the address and host-name policy entirely. */
  allowPrivate?: boolean;
  /** Exact addresses exempt from the policy (tests, or a trusted internal mirror). */
  allowAddresses?: readonly string[];
}

export interface SafeFetchResult {
  finalUrl: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Lowercased media type without parameters, e.g. "text/html". */
  contentType?: string;
  /** Lowercased charset parameter of Content-Type, when present. */
  charset?: string;
}

export const SAFE_FETCH_DEFAULTS = {
  maxBytes: 5 * 1024 * 1024,
  timeoutMs: 15_000,
  idleTimeoutMs: 10_000,
  maxRedirects: 5,
  userAgent: 'Mozilla/5.0 (compatible; BriefingDeskBot/0.1)',
} as const;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Credentials the caller meant for one origin must not follow a redirect elsewhere.
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

type Settings = Required<Omit<SafeFetchOptions, 'headers' | 'allowAddresses'>> & {
  allowAddresses: ReadonlySet<string>;
};
type Hop = { kind: 'redirect'; location: string } | { kind: 'final'; result: SafeFetchResult };

export async function safeFetch(input: string, opts: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const s: Settings = {
    maxBytes: opts.maxBytes ?? SAFE_FETCH_DEFAULTS.maxBytes,
    timeoutMs: opts.timeoutMs ?? SAFE_FETCH_DEFAULTS.timeoutMs,
    idleTimeoutMs: opts.idleTimeoutMs ?? SAFE_FETCH_DEFAULTS.idleTimeoutMs,
    maxRedirects: opts.maxRedirects ?? SAFE_FETCH_DEFAULTS.maxRedirects,
    userAgent: opts.userAgent ?? SAFE_FETCH_DEFAULTS.userAgent,
    lookup: opts.lookup ?? systemLookup,
    allowPrivate: opts.allowPrivate ?? false,
    allowAddresses: new Set(opts.allowAddresses ?? []),
  };
  const deadline = Date.now() + s.timeoutMs;
  let headers = buildHeaders(opts.headers, s.userAgent);
  let url = parseHttpUrl(input);
  const visited = new Set([withoutHash(url)]);

  for (let redirects = 0; ; redirects++) {
    const addresses = await withDeadline(resolveAndVet(url, s), deadline, url, s.timeoutMs);
    const hop = await requestOnce(url, addresses, headers, s, deadline);
    if (hop.kind === 'final') return hop.result;

    const next = parseRedirect(url, hop.location);
    if (visited.has(withoutHash(next))) {
      throw new UpstreamError('redirect_loop', `Redirect loop: ${url.href} redirects back to ${next.href}`, {
        extra: { url: next.href },
      });
    }
    if (redirects + 1 > s.maxRedirects) {
      throw new UpstreamError(
        'too_many_redirects',
        `Gave up after ${s.maxRedirects} redirects fetching ${input} (next: ${next.href})`,
        { extra: { url: next.href } },
      );
    }
    visited.add(withoutHash(next));
    if (next.origin !== url.origin) headers = dropOriginBound(headers);
    url = next;
  }
}

function parseHttpUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new BadRequestError('invalid_url', `Not a valid absolute URL: ${JSON.stringify(input.slice(0, 200))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadRequestError(
      'invalid_url',
      `Only http and https URLs can be fetched, got a ${url.protocol.replace(/:$/, '').slice(0, 20)}: URL`,
    );
  }
  if (url.username || url.password) {
    throw new BadRequestError(
      'invalid_url',
      `URLs with embedded credentials are not fetched: ${url.protocol}//${url.host}${url.pathname}`,
    );
  }
  return url;
}

function parseRedirect(from: URL, location: string): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new BadRequestError(
      'invalid_url',
      `${from.href} redirected to an invalid location ${JSON.stringify(location.slice(0, 200))}`,
    );
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new BadRequestError(
      'invalid_url',
      `${from.href} redirected to a non-http(s) URL (${next.protocol.slice(0, 20)})`,
    );
  }
  if (next.username || next.password) {
    throw new BadRequestError('invalid_url', `${from.href} redirected to a URL with embedded credentials`);
  }
  return next;
}

function withoutHash(url: URL): string {
  return url.href.replace(/#.*$/, '');
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

async function systemLookup(hostname: string): Promise<ResolvedAddress[]> {
  const found = await dnsPromises.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

async function resolveAndVet(url: URL, s: Settings): Promise<ResolvedAddress[]> {
  const host = bareHost(url);
  const literal = net.isIP(host);
  if (!s.allowPrivate) assertHostnameAllowed(url, host);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await s.lookup(host);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'lookup error';
      throw new UpstreamError('dns_failed', `Could not resolve ${host} (${code})`, {
        cause: e,
        extra: { url: url.href },
      });
    }
    if (addresses.length === 0)
      throw new UpstreamError('dns_failed', `${host} has no addresses`, { extra: { url: url.href } });
  }
  // One private record is enough to refuse: a rebinding attacker controls the order.
  if (!s.allowPrivate) for (const a of addresses) assertAddressAllowed(url, a.address, s.allowAddresses);
  return addresses;
}

function pinnedLookup(addresses: ResolvedAddress[]): net.LookupFunction {
  return (_hostname, options, callback) => {
    if (options?.all) {
      callback(
        null,
        addresses.map((a): LookupAddress => ({ address: a.address, family: a.family })),
      );
    } else {
      callback(null, addresses[0].address, addresses[0].family);
    }
  };
}

function buildHeaders(extra: Record<string, string> | undefined, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': userAgent,
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  };
  for (const [k, v] of Object.entries(extra ?? {})) headers[k.toLowerCase()] = v;
  // We can only honour the limit on bytes we know how to decode.
  headers['accept-encoding'] = 'gzip, deflate, br';
  delete headers.host;
  return headers;
}

function dropOriginBound(headers: Record<string, string>): Record<string, string> {
  const copy = { ...headers };
  for (const h of ORIGIN_BOUND_HEADERS) delete copy[h];
  return copy;
}

function timeoutError(url: URL, detail: string): UpstreamError {
  return new UpstreamError('timeout', `Timed out fetching ${url.href}: ${detail}`, { extra: { url: url.href } });
}

function withDeadline<T>(work: Promise<T>, deadline: number, url: URL, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(timeoutError(url, `no answer within ${timeoutMs} ms`)),
      Math.max(0, deadline - Date.now()),
    );
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(asError(e));
      },
    );
  });
}

function connectionError(url: URL, err: NodeJS.ErrnoException): UpstreamError {
  const code = err.code ?? 'error';
  return new UpstreamError('connection_failed', `Could not fetch ${url.href}: ${code} ${err.message}`.trim(), {
    cause: err,
    extra: { url: url.href },
  });
}

export function parseContentType(header: string | undefined): { contentType?: string; charset?: string } {
  if (!header) return {};
  const [type, ...params] = header.split(';');
  const contentType = type.trim().toLowerCase() || undefined;
  let charset: string | undefined;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p);
    if (m) charset = m[1].toLowerCase();
  }
  return { contentType, charset };
}

function requestOnce(
  url: URL,
  addresses: ResolvedAddress[],
  headers: Record<string, string>,
  s: Settings,
  deadline: number,
): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      reject(timeoutError(url, `no answer within ${s.timeoutMs} ms`));
      return;
    }
    const isHttps = url.protocol === 'https:';
    const req = (isHttps ? https : http).request({
      hostname: bareHost(url),
      port: url.port || (isHttps ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      // A pooled socket could have been opened for a different vetting decision.
      agent: false,
      lookup: pinnedLookup(addresses),
    });
    const disposables: Array<{ destroy(): unknown }> = [req];
    let settled = false;
    const finish = (err: Error | null, hop?: Hop): void => {
      if (settled) return;
      settled = true;
      clearTimeout(totalTimer);
      for (const d of disposables) d.destroy();
      if (err) reject(err);
      else resolve(hop!);
    };
    const totalTimer = setTimeout(() => finish(timeoutError(url, `took longer than ${s.timeoutMs} ms`)), remaining);
    req.setTimeout(s.idleTimeoutMs, () => finish(timeoutError(url, `no data for ${s.idleTimeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => finish(connectionError(url, err)));

    req.on('response', (res) => {
      disposables.push(res);
      res.on('error', (err: NodeJS.ErrnoException) => finish(connectionError(url, err)));
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECT_STATUSES.has(status) && location) {
        finish(null, { kind: 'redirect', location });
        return;
      }
      const base = {
        finalUrl: withoutHash(url),
        status,
        headers: res.headers,
        ...parseContentType(res.headers['content-type']),
      };
      // A conditional GET that found nothing new is an answer, not a failure.
      if (status === 304) {
        finish(null, { kind: 'final', result: { ...base, body: Buffer.alloc(0) } });
        return;
      }
      if (status < 200 || status >= 300) {
        finish(
          new UpstreamError(
            'upstream_http_error',
            `${url.href} answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`,
            { extra: { status, url: url.href } },
          ),
        );
        return;
      }
      const tooLarge = () =>
        new UpstreamError('response_too_large', `${url.href} is larger than the ${s.maxBytes}-byte limit`, {
          extra: { url: url.href, maxBytes: s.maxBytes },
        });
      const encoding = res.headers['content-encoding'];
      const declared = Number(res.headers['content-length']);
      if (!encoding && Number.isFinite(declared) && declared > s.maxBytes) {
        finish(tooLarge());
        return;
      }
      let decoders;
      try {
        decoders = contentDecoders(encoding);
      } catch (e) {
        finish(
          new UpstreamError(
            'unsupported_content_encoding',
            `${url.href} used content encoding ${JSON.stringify(encoding)}, which cannot be decoded`,
            { cause: e, extra: { url: url.href } },
          ),
        );
        return;
      }
      let stream: NodeJS.ReadableStream = res;
      for (const d of decoders) {
        disposables.push(d);
        d.on('error', (err) =>
          finish(
            new UpstreamError(
              'upstream_decode_failed',
              `Could not decode ${encoding} body of ${url.href}: ${err.message}`,
              { cause: err, extra: { url: url.href } },
            ),
          ),
        );
        stream = stream.pipe(d);
      }
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > s.maxBytes) finish(tooLarge());
        else chunks.push(chunk);
      });
      stream.on('end', () => finish(null, { kind: 'final', result: { ...base, body: Buffer.concat(chunks, total) } }));
    });
    req.end();
  });
}
