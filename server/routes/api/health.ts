import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { anyone } from '../../policies/routePolicy.js';
import { migrationStatus } from '../../db/migrate.js';

export const healthRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/healthz',
    kind: 'api',
    policy: anyone,
    summary: 'Liveness: the process is up. Touches nothing else.',
    tags: ['operations'],
    response: z.object({ status: z.literal('ok') }),
    handler: () => ({ json: { status: 'ok' } }),
  }),
  route({
    method: 'get',
    path: '/readyz',
    kind: 'api',
    policy: anyone,
    summary: 'Readiness: the database answers and every migration is applied.',
    tags: ['operations'],
    handler: async ({ deps }) => {
      try {
        const status = await migrationStatus(deps.db.prisma);
        const ready = status.pending.length === 0 && status.unknown.length === 0;
        return {
          status: ready ? 200 : 503,
          json: {
            status: ready ? 'ready' : 'not_ready',
            database: deps.db.kind,
            migrations: { applied: status.applied.length, pending: status.pending, unknown: status.unknown },
          },
        };
      } catch (err) {
        deps.logger.warn({ err }, 'readiness check failed');
        return { status: 503, json: { status: 'not_ready', database: deps.db.kind, error: 'database unreachable' } };
      }
    },
  }),
  route({
    method: 'get',
    path: '/metrics',
    kind: 'api',
    policy: anyone,
    summary: 'Prometheus metrics: HTTP latency by route, database pool, process.',
    tags: ['operations'],
    handler: async ({ deps }) => ({
      text: await deps.metrics.registry.metrics(),
      contentType: deps.metrics.registry.contentType,
    }),
  }),
];
