import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { signedInPerson } from '../../policies/routePolicy.js';
import { changePassword } from '../../commands/auth/changePassword.js';
import { createApiToken } from '../../commands/apiTokens/createApiToken.js';
import { revokeApiToken } from '../../commands/apiTokens/revokeApiToken.js';
import { setSessionCookie } from '../../http/sessionCookie.js';
import { API_TOKEN_SELECT, presentApiToken } from '../../presenters/apiTokenPresenter.js';
import { formRoles, passwordSchema, uuidParam } from '../../schemas/common.js';
import { ROLES } from '../../policies/actor.js';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../../policies/actor.js';

const PasswordForm = z.strictObject({ currentPassword: z.string().min(1, 'is required'), newPassword: passwordSchema });
const TokenForm = z.strictObject({ name: z.string().trim().min(1, 'is required').max(100), roles: formRoles });

async function accountModel(deps: AppDeps, actor: Actor, extra: Record<string, unknown> = {}) {
  const tokens = await deps.db.prisma.apiToken.findMany({
    where: { userId: actor.userId },
    select: API_TOKEN_SELECT,
    orderBy: { createdAt: 'desc' },
  });
  return {
    me: { displayName: actor.displayName, email: actor.email, roles: actor.roles, timezone: actor.timezone },
    tokens: tokens.map((t) => presentApiToken(t, deps.now())),
    roleChoices: ROLES.filter((r) => actor.roles.includes(r)),
    ...extra,
  };
}

export const accountPageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/account',
    kind: 'page',
    policy: signedInPerson,
    summary: 'Your account: password and API tokens',
    handler: async ({ deps, actor }) => ({
      view: 'account/index',
      title: 'Your account',
      model: await accountModel(deps, actor!),
    }),
  }),
  route({
    method: 'post',
    path: '/account/password',
    kind: 'page',
    policy: signedInPerson,
    summary: 'Change your password',
    body: PasswordForm,
    handler: async ({ deps, actor, body, req, res }) => {
      const session = await changePassword(deps, actor!, { ...body, ip: req.ip, userAgent: req.get('user-agent') });
      setSessionCookie(res, session.token, session.expiresAt, req.secure);
      return { redirect: '/account', flash: 'Password changed. Your other sessions were signed out.' };
    },
  }),
  route({
    method: 'post',
    path: '/account/tokens',
    kind: 'page',
    policy: signedInPerson,
    summary: 'Create an API token',
    body: TokenForm,
    handler: async ({ deps, actor, body }) => {
      const { token, record } = await createApiToken(deps.db.prisma, actor!, body);
      // Shown once, on this response only; never stored in plain text.
      return {
        view: 'account/index',
        title: 'Your account',
        model: await accountModel(deps, actor!, { newToken: { token, name: record.name } }),
      };
    },
  }),
  route({
    method: 'post',
    path: '/account/tokens/:id/revoke',
    kind: 'page',
    policy: signedInPerson,
    summary: 'Revoke an API token',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      await revokeApiToken(deps.db.prisma, actor!, params.id, deps.now());
      return { redirect: '/account', flash: 'Token revoked.' };
    },
  }),
];
