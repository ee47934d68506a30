import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { promises as dns } from 'node:dns';
import { assertAddressAllowed, assertHostnameAllowed } from '../../sources/pages/ssrfPolicy.js';

export interface PostResult {
  ok: boolean;
  status?: number;
  error?: string;
}

export interface PostOptions {
  timeoutMs?: number;
  /** Tests and local development only (WEBHOOK_ALLOW_PRIVATE): skip the SSRF policy. */
  allowPrivate?: boolean;
  lookup?: (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;
}

async function systemLookup(host: string): Promise<{ address: string; family: 4 | 6 }[]> {
  const found = await dns.lookup(host, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/**
 * One signed POST. The destination is resolved and vetted by the same SSRF
 * policy as source fetching, then connected to by that address, so an admin's
 * endpoint cannot be pointed at the metadata service or the private network.
 * Never throws: every failure is a result the delivery log can show.
 */
export async function postWebhook(
  urlText: string,
  body: string,
  headers: Record<string, string>,
  opts: PostOptions = {},
): Promise<PostResult> {
  let url: URL;
  let addresses: { address: string; family: 4 | 6 }[];
  try {
    url = new URL(urlText);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!opts.allowPrivate) assertHostnameAllowed(url, host);
    const literal = net.isIP(host);
    addresses = literal
      ? [{ address: host, family: literal === 6 ? 6 : 4 }]
      : await (opts.lookup ?? systemLookup)(host);
    if (!addresses.length) return { ok: false, error: `${host} has no addresses` };
    if (!opts.allowPrivate) for (const a of addresses) assertAddressAllowed(url, a.address, new Set());
  } catch (e) {
    return { ok: false, error: (e as { detail?: string }).detail ?? (e as Error).message };
  }
  const isHttps = url.protocol === 'https:';
  return new Promise<PostResult>((resolve) => {
    const req = (isHttps ? https : http).request(
      {
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || (isHttps ? 443 : 80),
        path: url.pathname + url.search,
        method: 'POST',
        agent: false,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'BriefingDesk-Webhooks/1',
        },
        lookup: (_h, o, cb) => (o?.all ? cb(null, addresses) : cb(null, addresses[0].address, addresses[0].family)),
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ok: res.statusCode! >= 200 && res.statusCode! < 300, status: res.statusCode }));
        res.on('error', (e) => resolve({ ok: false, status: res.statusCode, error: e.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs ?? 10_000} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ ok: false, error: `${e.code ?? 'error'}: ${e.message}`.slice(0, 500) }),
    );
    req.end(body);
  });
}
