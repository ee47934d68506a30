import type { Db } from '../../db/connect.js';
import type { Actor, Role } from '../../policies/actor.js';
import { API_TOKEN_PREFIX } from '../../auth/apiTokens.js';
import { newSecret, sha256 } from '../../auth/tokens.js';
import { ValidationError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';

/** The plain token is returned exactly once; only its hash is kept. */
export async function createApiToken(db: Db, actor: Actor, input: { name: string; roles: Role[]; expiresAt?: Date }) {
  const owned = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { roles: true } });
  const beyond = input.roles.filter((r) => !owned.roles.includes(r));
  if (beyond.length) {
    throw new ValidationError(`A token cannot carry roles you do not hold: ${beyond.join(', ')}.`, {
      issues: [{ field: 'roles', message: `not held by you: ${beyond.join(', ')}` }],
    });
  }
  const token = newSecret(API_TOKEN_PREFIX);
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        userId: actor.userId,
        name: input.name.trim(),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
        tokenHash: sha256(token),
        roles: [...new Set(input.roles)],
        expiresAt: input.expiresAt,
      },
      select: {
        id: true,
        userId: true,
        name: true,
        prefix: true,
        roles: true,
        createdAt: true,
        lastUsedAt: true,
        expiresAt: true,
        revokedAt: true,
      },
    });
    await recordAudit(tx, {
      actor,
      action: 'api_token.created',
      entityType: 'api_token',
      entityId: row.id,
      data: { name: row.name, roles: row.roles },
    });
    return { token, record: row };
  });
}
