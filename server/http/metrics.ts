import type { NextFunction, Request, Response } from 'express';
import { Registry, Histogram, Gauge, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

/** One registry per app instance, so tests can run several apps in one process. */
export function createMetrics(poolStats: () => { total: number; idle: number; waiting: number }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  for (const [name, pick] of [
    ['db_pool_connections_total', 'total'],
    ['db_pool_connections_idle', 'idle'],
    ['db_pool_requests_waiting', 'waiting'],
  ] as const) {
    new Gauge({
      name,
      help: `Database pool: ${pick}`,
      registers: [registry],
      collect() {
        this.set(poolStats()[pick]);
      },
    });
  }
  return { registry, httpDuration };
}

export function measureRequests(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      // The route pattern, never the raw URL: ids in paths would explode the label set.
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? (req.baseUrl ?? '') + pattern : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
