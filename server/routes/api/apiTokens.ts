import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { signedInPerson } from '../../policies/routePolicy.js';
import { hasRole } from '../../policies/actor.js';
import { authorizeApiToken } from '../../policies/apiTokenPolicy.js';
import { createApiToken } from '../../commands/apiTokens/createApiToken.js';
import { revokeApiToken } from '../../commands/apiTokens/revokeApiToken.js';
import { API_TOKEN_SELECT, presentApiToken } from '../../presenters/apiTokenPresenter.js';
import { rolesSchema, uuidParam } from '../../schemas/common.js';

const CreateTokenBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  roles: rolesSchema,
  expiresAt: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .refine((d) => d > new Date(), 'must be in the future')
    .optional(),
});

export const apiTokenRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/tokens',
    kind: 'api',
    policy: signedInPerson,
    summary: "Your API tokens (admins: everyone's).",
    tags: ['api tokens'],
    handler: async ({ deps, actor }) => {
      const where = hasRole(actor, 'admin') ? {} : { userId: actor!.userId };
      const rows = await deps.db.prisma.apiToken.findMany({
        where,
        select: API_TOKEN_SELECT,
        orderBy: { createdAt: 'desc' },
      });
      return { json: { tokens: rows.map((t) => presentApiToken(t, deps.now())) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/tokens/:id',
    kind: 'api',
    policy: signedInPerson,
    summary: 'One API token (metadata only).',
    tags: ['api tokens'],
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      const row = await deps.db.prisma.apiToken.findUnique({ where: { id: params.id }, select: API_TOKEN_SELECT });
      authorizeApiToken(actor!, 'read', row);
      return { json: presentApiToken(row, deps.now()) };
    },
  }),
  route({
    method: 'post',
    path: '/api/tokens',
    kind: 'api',
    policy: signedInPerson,
    summary: 'Create an API token scoped to some of your roles. The token is in this response only.',
    tags: ['api tokens'],
    body: CreateTokenBody,
    handler: async ({ deps, actor, body }) => {
      const { token, record } = await createApiToken(deps.db.prisma, actor!, body);
      return { status: 201, json: { ...presentApiToken(record, deps.now()), token } };
    },
  }),
  route({
    method: 'delete',
    path: '/api/tokens/:id',
    kind: 'api',
    policy: signedInPerson,
    summary: 'Revoke an API token.',
    tags: ['api tokens'],
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      await revokeApiToken(deps.db.prisma, actor!, params.id, deps.now());
      return { status: 204 };
    },
  }),
];
