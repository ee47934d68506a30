import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { safeFetch, type SafeLookup } from '../../../../server/sources/pages/safeFetch.js';
import { blockedAddressReason } from '../../../../server/sources/pages/ssrfPolicy.js';
import type { AppError } from '../../../../server/errors/AppError.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((r) => {
          s.closeAllConnections();
          s.close(() => r());
        }),
    ),
  );
});

async function serve(handler: Handler): Promise<{ base: string; port: number; server: http.Server }> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, port, server };
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected the fetch to fail');
}

/** Resolves every name in the table, as a hostile or split-horizon DNS would. */
function fakeDns(table: Record<string, string>): SafeLookup & { calls: string[] } {
  const calls: string[] = [];
  const fn: SafeLookup = (host: string) => {
    calls.push(host);
    const address = table[host];
    if (!address)
      return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
    return Promise.resolve([{ address, family: address.includes(':') ? (6 as const) : (4 as const) }]);
  };
  return Object.assign(fn, { calls });
}

describe('safeFetch: SSRF policy', () => {
  test.each([
    ['127.0.0.1', /loopback/],
    ['10.0.0.1', /private/],
    ['192.168.1.20', /private/],
    ['172.16.5.4', /private/],
    ['169.254.169.254', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['::1', /loopback/],
    ['fd00::1', /unique-local/],
    ['fe80::1', /link-local/],
    ['::ffff:127.0.0.1', /IPv4-mapped loopback/],
    ['::ffff:169.254.169.254', /IPv4-mapped link-local/],
    ['::', /unspecified/],
  ])('refuses a name that resolves to %s', async (address, reason) => {
    const lookup = fakeDns({ 'innocent.example': address });
    const err = await failure(safeFetch('http://innocent.example/page', { lookup }));
    expect(err.code).toBe('ssrf_blocked');
    expect(err.status).toBe(400);
    expect(err.message).toContain(`resolves to ${address}`);
    expect(err.message).toMatch(reason);
    expect(lookup.calls).toEqual(['innocent.example']);
  });

  test('refuses when any one of several records is private (DNS rebinding)', async () => {
    const lookup: SafeLookup = () =>
      Promise.resolve([
        { address: '93.184.216.34', family: 4 },
        { address: '10.1.2.3', family: 4 },
      ]);
    const err = await failure(safeFetch('https://mixed.example/', { lookup }));
    expect(err.code).toBe('ssrf_blocked');
    expect(err.message).toContain('10.1.2.3');
  });

  test.each([
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['http://[::1]:8080/', /loopback/],
    ['http://[::ffff:7f00:1]/', /IPv4-mapped loopback/],
    ['http://2130706433/', /loopback/],
    ['http://0x7f.1/', /loopback/],
  ])('refuses the IP literal %s without a DNS lookup', async (url, reason) => {
    const lookup = fakeDns({});
    const err = await failure(safeFetch(url, { lookup }));
    expect(err.code).toBe('ssrf_blocked');
    expect(err.message).toMatch(reason);
    expect(lookup.calls).toEqual([]);
  });

  test.each(['http://metadata.google.internal/computeMetadata/v1/', 'http://localhost:3000/', 'http://printer.local/'])(
    'refuses the internal host name in %s',
    async (url) => {
      const lookup = fakeDns({
        'metadata.google.internal': '8.8.8.8',
        localhost: '8.8.8.8',
        'printer.local': '8.8.8.8',
      });
      const err = await failure(safeFetch(url, { lookup }));
      expect(err.code).toBe('ssrf_blocked');
    },
  );

  test('accepts public unicast addresses', () => {
    expect(blockedAddressReason('93.184.216.34')).toBeNull();
    expect(blockedAddressReason('2606:2800:220:1:248:1893:25c8:1946')).toBeNull();
    expect(blockedAddressReason('::ffff:93.184.216.34')).toBeNull();
  });

  test('connects to the vetted address, not to a second DNS answer', async () => {
    const { port } = await serve((req, res) => res.end(`host header ${req.headers.host}`));
    let calls = 0;
    // A rebinding resolver answers differently on the second query; we must never ask twice.
    const lookup: SafeLookup = () =>
      Promise.resolve(calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }]);
    const res = await safeFetch(`http://news.example:${port}/a`, { lookup, allowAddresses: ['127.0.0.1'] });
    expect(res.body.toString()).toBe(`host header news.example:${port}`);
    expect(calls).toBe(1);
  });

  test('checks every redirect hop: an allowed host redirecting to private addresses is refused', async () => {
    const { port } = await serve((req, res) => {
      const target = {
        '/to-private': 'http://intranet.example/admin',
        '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
        '/to-v6': `http://[::1]:${port}/`,
      }[req.url ?? ''];
      res.writeHead(302, { location: target }).end();
    });
    const lookup = fakeDns({ 'public.example': '127.0.0.1', 'intranet.example': '10.0.0.1' });
    const opts = { lookup, allowAddresses: ['127.0.0.1'] };
    const toPrivate = await failure(safeFetch(`http://public.example:${port}/to-private`, opts));
    expect(toPrivate.code).toBe('ssrf_blocked');
    expect(toPrivate.message).toContain('http://intranet.example/admin (resolves to 10.0.0.1)');
    const toMetadata = await failure(safeFetch(`http://public.example:${port}/to-metadata`, opts));
    expect(toMetadata.code).toBe('ssrf_blocked');
    expect(toMetadata.message).toMatch(/169\.254\.169\.254.*link-local/);
    const toV6 = await failure(safeFetch(`http://public.example:${port}/to-v6`, opts));
    expect(toV6.code).toBe('ssrf_blocked');
  });
});

describe('safeFetch: protocol and errors', () => {
  test('returns body, final URL, content type and charset after a redirect', async () => {
    const { base } = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(301, { location: '/new?x=1#frag' }).end();
      else res.writeHead(200, { 'content-type': 'text/html; charset="ISO-8859-1"' }).end('<p>hello</p>');
    });
    const res = await safeFetch(`${base}/old`, { allowPrivate: true });
    expect(res.status).toBe(200);
    expect(res.finalUrl).toBe(`${base}/new?x=1`);
    expect(res.body.toString()).toBe('<p>hello</p>');
    expect(res.contentType).toBe('text/html');
    expect(res.charset).toBe('iso-8859-1');
  });

  test('sends caller headers and user agent; returns 304 as a result', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const { base } = await serve((req, res) => {
      seen.push(req.headers);
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { etag: '"v1"' }).end();
      else res.writeHead(200, { etag: '"v1"' }).end('feed');
    });
    const first = await safeFetch(`${base}/feed.xml`, { allowPrivate: true, userAgent: 'TestBot/1' });
    expect(first.status).toBe(200);
    const second = await safeFetch(`${base}/feed.xml`, {
      allowPrivate: true,
      headers: { 'If-None-Match': first.headers.etag as string },
    });
    expect(second.status).toBe(304);
    expect(second.body.length).toBe(0);
    expect(second.headers.etag).toBe('"v1"');
    expect(seen[0]['user-agent']).toBe('TestBot/1');
    expect(seen[0]['accept-encoding']).toBe('gzip, deflate, br');
  });

  test('does not forward Authorization or Cookie to another origin', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const other = await serve((req, res) => {
      seen.push(req.headers);
      res.end('ok');
    });
    const first = await serve((_req, res) => res.writeHead(302, { location: `${other.base}/` }).end());
    await safeFetch(`${first.base}/`, {
      allowPrivate: true,
      headers: { Authorization: 'Bearer s3cret', Cookie: 'a=b', 'X-Keep': '1' },
    });
    expect(seen[0].authorization).toBeUndefined();
    expect(seen[0].cookie).toBeUndefined();
    expect(seen[0]['x-keep']).toBe('1');
  });

  test('decodes gzip, deflate (zlib and raw) and brotli', async () => {
    const text = 'Rare earth licences. '.repeat(2000);
    const { base } = await serve((req, res) => {
      const enc = (req.url ?? '/').slice(1);
      const body = {
        gzip: zlib.gzipSync(text),
        deflate: zlib.deflateSync(text),
        'raw-deflate': zlib.deflateRawSync(text),
        br: zlib.brotliCompressSync(text),
      }[enc]!;
      res
        .writeHead(200, { 'content-encoding': enc === 'raw-deflate' ? 'deflate' : enc, 'content-type': 'text/plain' })
        .end(body);
    });
    for (const enc of ['gzip', 'deflate', 'raw-deflate', 'br']) {
      const res = await safeFetch(`${base}/${enc}`, { allowPrivate: true });
      expect(res.body.toString()).toBe(text);
    }
  });

  test('reports an unknown content encoding and a corrupt gzip body with their own codes', async () => {
    const { base } = await serve((req, res) => {
      if (req.url === '/zstd') res.writeHead(200, { 'content-encoding': 'zstd' }).end('whatever');
      else res.writeHead(200, { 'content-encoding': 'gzip' }).end(Buffer.from('definitely not gzip'));
    });
    expect((await failure(safeFetch(`${base}/zstd`, { allowPrivate: true }))).code).toBe(
      'unsupported_content_encoding',
    );
    expect((await failure(safeFetch(`${base}/corrupt`, { allowPrivate: true }))).code).toBe('upstream_decode_failed');
  });

  test('applies the size limit to decoded bytes (gzip bomb)', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const { base } = await serve((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));
    const err = await failure(safeFetch(base, { allowPrivate: true, maxBytes: 1024 * 1024 }));
    expect(err.code).toBe('response_too_large');
  });

  test('aborts a 50 MB streamed body early instead of buffering it', async () => {
    let written = 0;
    let closedAfter = -1;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const { base } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.on('close', () => {
        closedAfter = written;
      });
      const pump = () => {
        while (written < 50 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const err = await failure(safeFetch(base, { allowPrivate: true, maxBytes: 1024 * 1024 }));
    expect(err.code).toBe('response_too_large');
    // The server sees the close on a later turn of the loop; wait for it rather than a fixed time.
    for (let i = 0; i < 200 && closedAfter < 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(closedAfter).toBeGreaterThan(0);
    expect(closedAfter).toBeLessThan(10 * 1024 * 1024);
  });

  test('refuses a declared Content-Length above the limit before reading', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      res.write('x');
    });
    const err = await failure(safeFetch(base, { allowPrivate: true, maxBytes: 1024 }));
    expect(err.code).toBe('response_too_large');
  });

  test('times out a server that trickles bytes under the idle limit', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200);
      const t = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(t));
    });
    // The idle limit sits far above the total so that a stalled test process (CI under load) cannot
    // let it fire first: the total timer always falls due earlier, whatever the scheduling.
    const err = await failure(safeFetch(base, { allowPrivate: true, timeoutMs: 400, idleTimeoutMs: 60_000 }));
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/longer than 400 ms/);
  });

  test('times out a server that goes silent', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200);
      res.write('start');
    });
    // The total limit sits far above the idle one, so a stall before the first bytes are read cannot
    // let it fire first.
    const err = await failure(safeFetch(base, { allowPrivate: true, timeoutMs: 60_000, idleTimeoutMs: 150 }));
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/no data for 150 ms/);
  });

  test('counts a hanging DNS lookup against the total timeout', async () => {
    const lookup: SafeLookup = () => new Promise(() => {});
    const err = await failure(safeFetch('http://slow-dns.example/', { lookup, timeoutMs: 150 }));
    expect(err.code).toBe('timeout');
  });

  test('detects a redirect loop', async () => {
    const { base } = await serve((req, res) => res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end());
    const err = await failure(safeFetch(`${base}/a`, { allowPrivate: true }));
    expect(err.code).toBe('redirect_loop');
    expect(err.message).toContain(`${base}/a`);
  });

  test('stops after maxRedirects', async () => {
    const { base } = await serve((req, res) => {
      const n = Number((req.url ?? '/0').slice(1));
      res.writeHead(307, { location: `/${n + 1}` }).end();
    });
    const err = await failure(safeFetch(`${base}/0`, { allowPrivate: true, maxRedirects: 3 }));
    expect(err.code).toBe('too_many_redirects');
    expect(err.message).toMatch(/after 3 redirects/);
  });

  test('maps HTTP errors to upstream_http_error with the status', async () => {
    const { base } = await serve((_req, res) => res.writeHead(404).end('gone'));
    const err = await failure(safeFetch(`${base}/missing`, { allowPrivate: true }));
    expect(err.code).toBe('upstream_http_error');
    expect(err.extra?.status).toBe(404);
    expect(err.message).toMatch(/HTTP 404/);
  });

  test('reports dns_failed for an unresolvable name', async () => {
    const err = await failure(safeFetch('http://does-not-exist.example/', { lookup: fakeDns({}) }));
    expect(err.code).toBe('dns_failed');
    expect(err.message).toMatch(/does-not-exist\.example.*ENOTFOUND/);
  });

  test('reports connection_failed for a closed port', async () => {
    const { port, server } = await serve((_req, res) => res.end());
    await new Promise<void>((r) => server.close(() => r()));
    const err = await failure(safeFetch(`http://127.0.0.1:${port}/`, { allowPrivate: true }));
    expect(err.code).toBe('connection_failed');
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  test('reports connection_failed when the server hangs up mid-body', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial', () => res.socket?.destroy());
    });
    const err = await failure(safeFetch(base, { allowPrivate: true }));
    expect(err.code).toBe('connection_failed');
  });

  test.each([
    ['ftp://example.com/file', /only http and https/i],
    ['file:///etc/passwd', /only http and https/i],
    ['not a url', /not a valid absolute url/i],
    ['http://user:pw@example.com/', /credentials/i],
  ])('rejects %s as invalid_url', async (url, message) => {
    const err = await failure(safeFetch(url, { lookup: fakeDns({}) }));
    expect(err.code).toBe('invalid_url');
    expect(err.message).toMatch(message);
  });

  test('rejects a redirect to a non-http scheme', async () => {
    const { base } = await serve((_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    const err = await failure(safeFetch(base, { allowPrivate: true }));
    expect(err.code).toBe('invalid_url');
  });
});
