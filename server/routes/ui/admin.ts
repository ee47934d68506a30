import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { adminOnly } from '../../policies/routePolicy.js';
import { createUser } from '../../commands/users/createUser.js';
import { updateUser } from '../../commands/users/updateUser.js';
import { presentUser, USER_SELECT } from '../../presenters/userPresenter.js';
import {
  displayNameSchema,
  emailSchema,
  formBoolean,
  formRoles,
  passwordSchema,
  timezoneSchema,
  uuidParam,
} from '../../schemas/common.js';
import { NotFoundError } from '../../errors/AppError.js';
import { ROLES } from '../../policies/actor.js';
import { presentAuditEvent } from '../../presenters/auditEventPresenter.js';

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

const NewUserForm = z.strictObject({
  email: emailSchema,
  displayName: displayNameSchema,
  roles: formRoles,
  password: z.preprocess(emptyToUndefined, passwordSchema.optional()),
});
const EditUserForm = z.strictObject({
  displayName: displayNameSchema,
  roles: formRoles,
  active: formBoolean,
  timezone: timezoneSchema,
  password: z.preprocess(emptyToUndefined, passwordSchema.optional()),
});

export const adminPageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/admin/users',
    kind: 'page',
    policy: adminOnly,
    summary: 'Users and roles',
    handler: async ({ deps }) => {
      const users = await deps.db.prisma.user.findMany({ select: USER_SELECT, orderBy: { email: 'asc' } });
      return { view: 'admin/users', title: 'Users', model: { users: users.map(presentUser), roleChoices: ROLES } };
    },
  }),
  route({
    method: 'post',
    path: '/admin/users',
    kind: 'page',
    policy: adminOnly,
    summary: 'Create a user',
    body: NewUserForm,
    handler: async ({ deps, actor, body }) => {
      const user = await createUser(deps.db.prisma, actor, body);
      return { redirect: `/admin/users/${user.id}`, flash: `Created ${user.email}.` };
    },
  }),
  route({
    method: 'get',
    path: '/admin/users/:id',
    kind: 'page',
    policy: adminOnly,
    summary: 'Edit a user',
    params: uuidParam,
    handler: async ({ deps, params }) => {
      const user = await deps.db.prisma.user.findUnique({ where: { id: params.id }, select: USER_SELECT });
      if (!user) throw new NotFoundError('No such user.');
      const events = await deps.db.prisma.auditEvent.findMany({
        where: { entityType: 'user', entityId: user.id },
        orderBy: { id: 'desc' },
        take: 20,
      });
      const presented = presentUser(user);
      return {
        view: 'admin/user',
        title: user.displayName,
        model: {
          user: presented,
          roleChoices: ROLES.map((r) => ({ role: r, checked: user.roles.includes(r) })),
          events: events.map(presentAuditEvent),
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/admin/users/:id',
    kind: 'page',
    policy: adminOnly,
    summary: 'Save a user',
    params: uuidParam,
    body: EditUserForm,
    handler: async ({ deps, actor, params, body }) => {
      await updateUser(deps.db.prisma, actor!, params.id, body, deps.now());
      return { redirect: `/admin/users/${params.id}`, flash: 'Saved.' };
    },
  }),
  route({
    method: 'get',
    path: '/admin/audit',
    kind: 'page',
    policy: adminOnly,
    summary: 'Audit log',
    handler: async ({ deps }) => {
      const events = await deps.db.prisma.auditEvent.findMany({ orderBy: { id: 'desc' }, take: 100 });
      return { view: 'admin/audit', title: 'Audit log', model: { events: events.map(presentAuditEvent) } };
    },
  }),
];
