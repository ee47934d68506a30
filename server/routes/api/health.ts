import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { anyone } from '../../policies/routePolicy.js';
import { migrationStatus } from '../../db/migrate.js';
import { metricsVerdict } from '../../http/metricsAccess.js';
import { NotFoundError } from '../../errors/AppError.js';

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
    summary:
      'Readiness: the database answers and every migration is applied. Answers 503 when the database does not answer within READINESS_TIMEOUT_MS.',
    tags: ['operations'],
    handler: async ({ deps }) => {
      const deadlineMs = deps.config.readinessTimeoutMs;
      let timer: NodeJS.Timeout | undefined;
      // A frozen database must not hold the probe: the orchestrator's own timeout would turn a
      // clear "not ready" into a guess.
      const deadline = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), deadlineMs);
      });
      try {
        const status = await Promise.race([migrationStatus(deps.db.prisma), deadline]);
        if (status === 'late') {
          deps.logger.warn({ deadlineMs }, 'readiness check: the database did not answer in time');
          return {
            status: 503,
            json: {
              status: 'not_ready',
              database: deps.db.kind,
              error: `database did not answer within ${deadlineMs} ms`,
            },
          };
        }
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
      } finally {
        clearTimeout(timer);
      }
    },
  }),
  route({
    method: 'get',
    path: '/metrics',
    kind: 'api',
    policy: anyone,
    summary:
      'Prometheus metrics: HTTP latency by route, database pool, process. Needs `Authorization: Bearer <METRICS_TOKEN>` when that is set; 404 when METRICS_HOST serves them elsewhere, or in production with neither.',
    tags: ['operations'],
    handler: async ({ deps, req }) => {
      const verdict = metricsVerdict(deps.config.metrics, req.get('authorization'), 'app');
      if (verdict === 'hide') throw new NotFoundError(`Nothing at GET /metrics.`);
      if (verdict === 'ask-token')
        return {
          status: 401,
          text: 'Unauthorized: send Authorization: Bearer <METRICS_TOKEN>.\n',
          headers: { 'WWW-Authenticate': 'Bearer' },
        };
      return { text: await deps.metrics.registry.metrics(), contentType: deps.metrics.registry.contentType };
    },
  }),
];
