import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { adminOnly, signedIn } from '../../policies/routePolicy.js';
import { authorizeUserRead } from '../../policies/userPolicy.js';
import { createUser } from '../../commands/users/createUser.js';
import { updateUser } from '../../commands/users/updateUser.js';
import { presentUser, USER_SELECT } from '../../presenters/userPresenter.js';
import {
  displayNameSchema,
  emailSchema,
  passwordSchema,
  rolesSchema,
  timezoneSchema,
  uuidParam,
} from '../../schemas/common.js';

const CreateUserBody = z.strictObject({
  email: emailSchema,
  displayName: displayNameSchema,
  roles: rolesSchema,
  password: passwordSchema.optional(),
  timezone: timezoneSchema.optional(),
});

const UpdateUserBody = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    roles: rolesSchema.optional(),
    active: z.boolean().optional(),
    timezone: timezoneSchema.optional(),
    password: passwordSchema.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const userApiRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/users',
    kind: 'api',
    policy: adminOnly,
    summary: 'List users.',
    tags: ['users'],
    handler: async ({ deps }) => {
      const users = await deps.db.prisma.user.findMany({ select: USER_SELECT, orderBy: { email: 'asc' } });
      return { json: { users: users.map(presentUser) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/users/:id',
    kind: 'api',
    policy: signedIn,
    summary: 'One user: yourself, or anyone for admins.',
    tags: ['users'],
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      const user = await deps.db.prisma.user.findUnique({ where: { id: params.id }, select: USER_SELECT });
      authorizeUserRead(actor!, user);
      return { json: presentUser(user) };
    },
  }),
  route({
    method: 'post',
    path: '/api/users',
    kind: 'api',
    policy: adminOnly,
    summary: 'Create a user with roles.',
    tags: ['users'],
    body: CreateUserBody,
    handler: async ({ deps, actor, body }) => ({
      status: 201,
      json: presentUser(await createUser(deps.db.prisma, actor, body)),
    }),
  }),
  route({
    method: 'patch',
    path: '/api/users/:id',
    kind: 'api',
    policy: adminOnly,
    summary: 'Change a user: name, roles, active flag, timezone, password (ends their sessions).',
    tags: ['users'],
    params: uuidParam,
    body: UpdateUserBody,
    handler: async ({ deps, actor, params, body }) => ({
      json: presentUser(await updateUser(deps.db.prisma, actor!, params.id, body, deps.now())),
    }),
  }),
];
