import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { anyone, signedIn, signedInPerson } from '../../policies/routePolicy.js';
import { logIn } from '../../commands/auth/logIn.js';
import { DEVICE_COOKIE } from '../../auth/deviceCookie.js';
import { readCookie } from '../../http/cookies.js';
import { logOut } from '../../commands/auth/logOut.js';
import { changePassword } from '../../commands/auth/changePassword.js';
import { setDeviceCookie, setSessionCookie, clearSessionCookie } from '../../http/sessionCookie.js';
import { csrfTokenFor } from '../../http/csrf.js';
import { passwordSchema } from '../../schemas/common.js';

const LoginBody = z.strictObject({
  email: z.string().trim().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(1024),
});
const PasswordBody = z.strictObject({ currentPassword: z.string().min(1, 'is required'), newPassword: passwordSchema });

export const authApiRoutes: AnyRoute[] = [
  route({
    method: 'post',
    path: '/api/auth/login',
    kind: 'api',
    policy: anyone,
    summary: 'Sign in with email and password; sets the session cookie and returns a CSRF token for later calls.',
    tags: ['auth'],
    body: LoginBody,
    handler: async ({ deps, body, req, res, actor }) => {
      const { session, device, user } = await logIn(deps, {
        ...body,
        ip: req.ip ?? 'unknown',
        userAgent: req.get('user-agent'),
        deviceToken: readCookie(req, DEVICE_COOKIE),
        sessionUserId: actor?.kind === 'session' ? actor.userId : undefined,
      });
      setSessionCookie(res, session.token, session.expiresAt, req.secure);
      setDeviceCookie(res, device, req.secure);
      return {
        json: {
          user,
          csrfToken: csrfTokenFor(session.csrfSecret, deps.config.sessionSecret),
          expiresAt: session.expiresAt.toISOString(),
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/auth/logout',
    kind: 'api',
    policy: signedIn,
    summary: 'End the current session.',
    tags: ['auth'],
    handler: async ({ deps, actor, res }) => {
      await logOut(deps, actor!);
      clearSessionCookie(res);
      return { status: 204 };
    },
  }),
  route({
    method: 'get',
    path: '/api/auth/me',
    kind: 'api',
    policy: signedIn,
    summary: 'Who am I: the caller and their effective roles.',
    tags: ['auth'],
    handler: ({ actor, req, deps }) => ({
      json: {
        id: actor!.userId,
        email: actor!.email,
        displayName: actor!.displayName,
        roles: actor!.roles,
        timezone: actor!.timezone,
        via: actor!.kind,
        ...(req.session ? { csrfToken: csrfTokenFor(req.session.csrfSecret, deps.config.sessionSecret) } : {}),
      },
    }),
  }),
  route({
    method: 'post',
    path: '/api/auth/password',
    kind: 'api',
    policy: signedInPerson,
    summary: 'Change your password; ends all your sessions and starts a fresh one.',
    tags: ['auth'],
    body: PasswordBody,
    handler: async ({ deps, actor, body, req, res }) => {
      const session = await changePassword(deps, actor!, { ...body, ip: req.ip, userAgent: req.get('user-agent') });
      setSessionCookie(res, session.token, session.expiresAt, req.secure);
      return { json: { csrfToken: csrfTokenFor(session.csrfSecret, deps.config.sessionSecret) } };
    },
  }),
];
