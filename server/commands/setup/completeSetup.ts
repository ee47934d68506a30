import type { Db } from '../../db/connect.js';
import { sha256 } from '../../auth/tokens.js';
import { hashPassword } from '../../auth/password.js';
import { NotFoundError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';

export async function findUsableSetupToken(db: Db, token: string, now = new Date()) {
  const row = await db.setupToken.findUnique({ where: { tokenHash: sha256(token) } });
  if (!row || row.usedAt || row.expiresAt <= now) return null;
  return row;
}

/** Creates the first admin and burns the link, in one transaction so a double submit cannot make two. */
export async function completeSetup(
  db: Db,
  token: string,
  input: { email: string; displayName: string; password: string },
  now = new Date(),
) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const burned = await tx.setupToken.updateMany({
      where: { tokenHash: sha256(token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (burned.count !== 1) throw new NotFoundError('This setup link has expired or was already used.');
    const user = await tx.user.create({
      data: {
        email: input.email.trim().toLowerCase(),
        displayName: input.displayName.trim(),
        roles: ['admin', 'editor', 'reviewer'],
        passwordHash,
      },
      select: { id: true, email: true },
    });
    await recordAudit(tx, {
      actor: null,
      action: 'setup.completed',
      entityType: 'user',
      entityId: user.id,
      data: { email: user.email },
    });
    return user;
  });
}
