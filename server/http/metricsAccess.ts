import { createHash, timingSafeEqual } from 'node:crypto';
import http, { type Server } from 'node:http';
import type { MetricsAccess } from '../env.js';
import type { Metrics } from './metrics.js';

/**
 * Metrics name every route, the pool's size and the process's memory: enough to map the
 * app and time an attack, so they are not for everyone. `where` is the listener asking:
 * with METRICS_HOST set the app's own listener never serves them.
 */
export function metricsVerdict(
  access: MetricsAccess,
  authorization: string | undefined,
  where: 'app' | 'metrics-listener',
): 'serve' | 'hide' | 'ask-token' {
  if (where === 'app' && access.host) return 'hide';
  if (access.token) return bearerMatches(authorization, access.token) ? 'serve' : 'ask-token';
  if (where === 'metrics-listener') return 'serve';
  return access.openWithoutToken ? 'serve' : 'hide';
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  // Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(m[1]), digest(token));
}

/** The separate listener for METRICS_HOST: GET /metrics and nothing else. */
export function createMetricsServer(metrics: Metrics, access: MetricsAccess): Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    const verdict = metricsVerdict(access, req.headers.authorization, 'metrics-listener');
    if (verdict === 'ask-token') {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('Unauthorized\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('Could not collect metrics\n'),
    );
  });
}
