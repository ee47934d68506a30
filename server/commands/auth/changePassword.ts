import type { AuthDeps } from '../../auth/authDeps.js';
import type { Actor } from '../../policies/actor.js';
import { hashPassword, verifyPassword } from '../../auth/password.js';
import { createSession } from '../../auth/sessions.js';
import { InvalidCredentialsError, ValidationError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';

/**
 * Changing a password ends every session of that user, including this one,
 * and hands back a fresh session so the person making the change stays in.
 */
export async function changePassword(
  deps: Omit<AuthDeps, 'loginLimiter'>,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; ip?: string; userAgent?: string },
) {
  const prisma = deps.db.prisma;
  const user = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new InvalidCredentialsError();
  }
  if (input.newPassword === input.currentPassword) {
    throw new ValidationError('The new password must differ from the current one.', {
      issues: [{ field: 'newPassword', message: 'must differ from the current password' }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.now();
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { passwordHash, passwordChangedAt: now } });
    await tx.session.updateMany({ where: { userId: actor.userId, revokedAt: null }, data: { revokedAt: now } });
    await recordAudit(tx, {
      actor,
      action: 'user.password_changed',
      entityType: 'user',
      entityId: actor.userId,
      at: now,
    });
  });
  return createSession(prisma, actor.userId, deps.config.session, { ip: input.ip, userAgent: input.userAgent }, now);
}
