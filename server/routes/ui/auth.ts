import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { anyone, signedIn } from '../../policies/routePolicy.js';
import { logIn } from '../../commands/auth/logIn.js';
import { DEVICE_COOKIE } from '../../auth/deviceCookie.js';
import { readCookie } from '../../http/cookies.js';
import { logOut } from '../../commands/auth/logOut.js';
import { completeSetup, findUsableSetupToken } from '../../commands/setup/completeSetup.js';
import { setDeviceCookie, setSessionCookie, clearSessionCookie } from '../../http/sessionCookie.js';
import { InvalidCredentialsError, RateLimitedError } from '../../errors/AppError.js';
import { displayNameSchema, emailSchema, passwordSchema } from '../../schemas/common.js';

/** Only same-site paths, so ?next= cannot bounce a user to another host. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/desk';
}

const LoginForm = z.strictObject({
  email: z.string().trim().max(254).default(''),
  password: z.string().max(1024).default(''),
  next: z.string().max(500).optional(),
});
const LoginQuery = z.object({ next: z.string().max(500).optional(), expired: z.string().optional() });
const SetupForm = z.strictObject({ email: emailSchema, displayName: displayNameSchema, password: passwordSchema });

export const authPageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/login',
    kind: 'page',
    policy: anyone,
    summary: 'Sign-in form',
    query: LoginQuery,
    handler: ({ actor, query }) => {
      if (actor) return { redirect: safeNext(query.next) };
      return {
        view: 'auth/login',
        title: 'Sign in',
        model: { next: safeNext(query.next), expired: Boolean(query.expired) },
      };
    },
  }),
  route({
    method: 'post',
    path: '/login',
    kind: 'page',
    policy: anyone,
    summary: 'Sign in',
    body: LoginForm,
    handler: async ({ deps, body, req, res, actor }) => {
      try {
        const { session, device } = await logIn(deps, {
          email: body.email,
          password: body.password,
          ip: req.ip ?? 'unknown',
          userAgent: req.get('user-agent'),
          deviceToken: readCookie(req, DEVICE_COOKIE),
          sessionUserId: actor?.kind === 'session' ? actor.userId : undefined,
        });
        setSessionCookie(res, session.token, session.expiresAt, req.secure);
        setDeviceCookie(res, device, req.secure);
        return { redirect: safeNext(body.next) };
      } catch (err) {
        if (err instanceof InvalidCredentialsError || err instanceof RateLimitedError) {
          if (err instanceof RateLimitedError) res.set('Retry-After', String(err.retryAfterSeconds));
          return {
            status: err.status,
            view: 'auth/login',
            title: 'Sign in',
            model: { next: safeNext(body.next), email: body.email, error: err.detail },
          };
        }
        throw err;
      }
    },
  }),
  route({
    method: 'post',
    path: '/logout',
    kind: 'page',
    policy: signedIn,
    summary: 'Sign out',
    handler: async ({ deps, actor, res }) => {
      await logOut(deps, actor!);
      clearSessionCookie(res);
      return { redirect: '/login', flash: 'You are signed out.' };
    },
  }),
  route({
    method: 'get',
    path: '/setup/:token',
    kind: 'page',
    policy: anyone,
    summary: 'First-run: create the administrator',
    params: z.object({ token: z.string().max(200) }),
    handler: async ({ deps, params }) => {
      const usable = await findUsableSetupToken(deps.db.prisma, params.token, deps.now());
      return {
        view: 'auth/setup',
        title: 'Set up',
        status: usable ? 200 : 404,
        model: { usable: Boolean(usable), token: params.token },
      };
    },
  }),
  route({
    method: 'post',
    path: '/setup/:token',
    kind: 'page',
    policy: anyone,
    summary: 'First-run: create the administrator',
    params: z.object({ token: z.string().max(200) }),
    body: SetupForm,
    handler: async ({ deps, params, body }) => {
      await completeSetup(deps.db.prisma, params.token, body, deps.now());
      return { redirect: '/login', flash: 'Administrator created. Sign in with your new account.' };
    },
  }),
];
