import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { adminOnly } from '../../policies/routePolicy.js';
import { verifyAudit } from '../../audit/verifyAudit.js';
import { presentAuditEvent } from '../../presenters/auditEventPresenter.js';

const BIGINT_MAX = 2n ** 63n - 1n;

const AuditQuery = z.strictObject({
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  // AuditEvent.id is a PostgreSQL bigint: a larger number cannot be compared with it.
  before: z.coerce
    .bigint('must be a whole number')
    .min(1n, 'must be at least 1')
    .max(BIGINT_MAX, 'is larger than any event id')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditApiRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/audit',
    kind: 'api',
    policy: adminOnly,
    summary: 'Audit events, newest first; page with ?before=<id>.',
    tags: ['audit'],
    query: AuditQuery,
    handler: async ({ deps, query }) => {
      const rows = await deps.db.prisma.auditEvent.findMany({
        where: {
          entityType: query.entityType,
          entityId: query.entityId,
          ...(query.before ? { id: { lt: query.before } } : {}),
        },
        orderBy: { id: 'desc' },
        take: query.limit,
      });
      return { json: { events: rows.map(presentAuditEvent) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/audit/verify',
    kind: 'api',
    policy: adminOnly,
    summary: 'Check the audit hash chain; reports the first tampered event.',
    tags: ['audit'],
    handler: async ({ deps }) => ({ json: await verifyAudit(deps.db.prisma) }),
  }),
];
