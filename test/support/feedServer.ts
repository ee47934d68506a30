import type { Socket } from 'node:net';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Custom behaviour (trickling, huge bodies, redirects). */
  handle?: (req: http.IncomingMessage, res: http.ServerResponse) => void;
}

export interface FeedServer {
  url(path: string): string;
  routes: Map<string, Route>;
  hits: { path: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/**
 * A 127.0.0.1 HTTP server for feed tests. Routes with an ETag honour
 * If-None-Match with 304, like a well-behaved publisher.
 */
export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const hits: FeedServer['hits'] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    hits.push({ path, headers: req.headers });
    const r = routes.get(path);
    if (!r) {
      res.writeHead(404).end('not found');
      return;
    }
    if (r.handle) return r.handle(req, res);
    const etag = r.headers?.ETag;
    if (etag && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag }).end();
      return;
    }
    res.writeHead(r.status ?? 200, r.headers ?? {}).end(r.body ?? '');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (p) => `http://127.0.0.1:${port}${p}`,
    routes,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface ReceivedWebhook {
  body: string;
  timestamp: string;
  signature: string;
}

/** A 127.0.0.1 endpoint at `/hook` that records each signed delivery and answers 204. */
export async function startWebhookReceiver(): Promise<FeedServer & { received: ReceivedWebhook[] }> {
  const server = await startFeedServer();
  const received: ReceivedWebhook[] = [];
  server.routes.set('/hook', {
    handle: (req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({
          body,
          timestamp: String(req.headers['x-webhook-timestamp']),
          signature: String(req.headers['x-webhook-signature']),
        });
        res.writeHead(204).end();
      });
    },
  });
  return Object.assign(server, { received });
}
