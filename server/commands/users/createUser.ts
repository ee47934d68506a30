import type { Db } from '../../db/connect.js';
import type { Actor, Role } from '../../policies/actor.js';
import { hashPassword } from '../../auth/password.js';
import { ConflictError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { isUniqueViolation } from '../../db/uniqueViolation.js';

export interface CreateUserInput {
  email: string;
  displayName: string;
  roles: Role[];
  password?: string;
  timezone?: string;
}

export async function createUser(db: Db, actor: Actor | null, input: CreateUserInput) {
  const email = input.email.trim().toLowerCase();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const taken = () =>
    new ConflictError('email_taken', `A user with email ${email} already exists.`, {
      issues: [{ field: 'email', message: 'already in use' }],
    });
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) throw taken();
  // A second request for the same new email (a double submit) passes the look-up above too: the
  // unique index refuses its insert, which is the same conflict.
  return insertUser(db, actor, input, email, passwordHash).catch((e: unknown) => {
    throw isUniqueViolation(e) ? taken() : e;
  });
}

function insertUser(db: Db, actor: Actor | null, input: CreateUserInput, email: string, passwordHash: string | null) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email,
        displayName: input.displayName.trim(),
        roles: [...new Set(input.roles)],
        passwordHash,
        timezone: input.timezone ?? 'UTC',
      },
      select: { id: true, email: true, displayName: true, roles: true, active: true, timezone: true, createdAt: true },
    });
    await recordAudit(tx, {
      actor,
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      data: { email, roles: user.roles },
    });
    return user;
  });
}
