import type { AuthDeps } from '../../auth/authDeps.js';
import { verifyPassword } from '../../auth/password.js';
import { createSession } from '../../auth/sessions.js';
import { InvalidCredentialsError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';

export interface LogInInput {
  email: string;
  password: string;
  ip: string;
  userAgent?: string;
}

/** Checks credentials under rate limits and opens a session. Unknown email and wrong password look alike. */
export async function logIn(deps: AuthDeps, input: LogInInput) {
  const email = input.email.trim().toLowerCase();
  await deps.loginLimiter.check(email, input.ip);
  const prisma = deps.db.prisma;
  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, email: true, displayName: true, roles: true, active: true, passwordHash: true, timezone: true },
  });
  const ok = await verifyPassword(input.password, user?.passwordHash);
  if (!user || !ok || !user.active) {
    await deps.loginLimiter.failed(email, input.ip);
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
  await deps.loginLimiter.succeeded(email);
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
  return { session, user: { id: user.id, email: user.email, displayName: user.displayName, roles: user.roles } };
}
