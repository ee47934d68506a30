import type { AuthDeps } from '../../auth/authDeps.js';
import { verifyPassword } from '../../auth/password.js';
import { createSession } from '../../auth/sessions.js';
import { InvalidCredentialsError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { issueDeviceToken, readDeviceToken } from '../../auth/deviceCookie.js';
import type { KnownDevice } from '../../auth/loginLimiter.js';

export interface LogInInput {
  email: string;
  password: string;
  ip: string;
  userAgent?: string;
  /** The request's device cookie (bd_device), if any. */
  deviceToken?: string;
  /** The user id of the session the request already carries, if any. */
  sessionUserId?: string;
}

/**
 * Checks credentials under rate limits and opens a session. Unknown email and wrong password look alike.
 * A browser that signed in to this account before (its device cookie or its live session) skips the
 * throttle strangers earned; a successful sign-in renews its device cookie (`device`).
 */
export async function logIn(deps: AuthDeps, input: LogInInput) {
  const email = input.email.trim().toLowerCase();
  const prisma = deps.db.prisma;
  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, email: true, displayName: true, roles: true, active: true, passwordHash: true, timezone: true },
  });
  const device = user ? knownDevice(deps, input, user.id) : undefined;
  await deps.loginLimiter.check(email, input.ip, device);
  const ok = await verifyPassword(input.password, user?.passwordHash);
  if (!user || !ok || !user.active) {
    await deps.loginLimiter.failed(email, input.ip, device);
    await prisma.$transaction((tx) =>
      recordAudit(tx, {
        actor: null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        data: { email, ip: input.ip },
      }),
    );
    throw new InvalidCredentialsError();
  }
  await deps.loginLimiter.succeeded(email, input.ip, device);
  const now = deps.now();
  const session = await createSession(
    prisma,
    user.id,
    deps.config.session,
    { ip: input.ip, userAgent: input.userAgent },
    now,
  );
  await prisma.$transaction((tx) =>
    recordAudit(tx, {
      actor: {
        kind: 'session',
        userId: user.id,
        email: user.email,
        displayName: user.displayName,
        roles: user.roles,
        timezone: user.timezone,
      },
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      data: { ip: input.ip },
      at: now,
    }),
  );
  const deviceCookie =
    deps.config.login.deviceMs > 0
      ? issueDeviceToken(deps.config.sessionSecret, user.id, now, deps.config.login.deviceMs, device)
      : undefined;
  return {
    session,
    device: deviceCookie,
    user: { id: user.id, email: user.email, displayName: user.displayName, roles: user.roles },
  };
}

function knownDevice(deps: AuthDeps, input: LogInInput, userId: string): KnownDevice | undefined {
  const fromCookie = readDeviceToken(deps.config.sessionSecret, input.deviceToken, userId, deps.now());
  if (fromCookie) return fromCookie;
  // Signed in already (re-authenticating, switching tabs): the session is as good a witness as the cookie.
  return input.sessionUserId === userId ? { id: `session:${userId}` } : undefined;
}
