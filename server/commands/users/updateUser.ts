import type { Db } from '../../db/connect.js';
import { lockTransaction } from '../../db/transactionLock.js';
import type { Actor, Role } from '../../policies/actor.js';
import { ConflictError, NotFoundError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { hashPassword } from '../../auth/password.js';

export interface UpdateUserInput {
  displayName?: string;
  roles?: Role[];
  active?: boolean;
  timezone?: string;
  password?: string;
}

/** Admin edits of a user. Deactivating or resetting a password ends that user's sessions. */
export async function updateUser(db: Db, actor: Actor, userId: string, input: UpdateUserInput, now = new Date()) {
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { id: true, roles: true, active: true } });
    if (!before) throw new NotFoundError('No such user.');
    if (
      userId === actor.userId &&
      (input.active === false || (input.roles && !input.roles.includes('admin') && before.roles.includes('admin')))
    ) {
      throw new ConflictError('cannot_demote_self', 'You cannot deactivate yourself or remove your own admin role.', {
        issues: [{ field: input.active === false ? 'active' : 'roles', message: 'would lock you out' }],
      });
    }
    const removesAdmin =
      before.active &&
      before.roles.includes('admin') &&
      (input.active === false || (input.roles !== undefined && !input.roles.includes('admin')));
    if (removesAdmin) {
      // Two admins taking each other's admin role at the same moment would each see the other one
      // remain: such changes take turns, and the last active admin is kept.
      await lockTransaction(tx, 'adminChange');
      const others = await tx.user.count({ where: { id: { not: userId }, active: true, roles: { has: 'admin' } } });
      if (others === 0)
        throw new ConflictError(
          'last_admin',
          'This is the last active admin: give another user the admin role first.',
          {
            issues: [{ field: input.active === false ? 'active' : 'roles', message: 'would leave no admin' }],
          },
        );
    }
    const user = await tx.user.update({
      where: { id: userId },
      data: {
        displayName: input.displayName?.trim(),
        roles: input.roles ? [...new Set(input.roles)] : undefined,
        active: input.active,
        timezone: input.timezone,
        ...(input.password ? { passwordHash: await hashPassword(input.password), passwordChangedAt: now } : {}),
      },
      select: { id: true, email: true, displayName: true, roles: true, active: true, timezone: true, createdAt: true },
    });
    if (input.active === false || input.password) {
      await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    }
    const { password, ...safe } = input;
    await recordAudit(tx, {
      actor,
      action: 'user.updated',
      entityType: 'user',
      entityId: userId,
      data: { ...safe, ...(password ? { passwordReset: true } : {}) },
      at: now,
    });
    return user;
  });
}
