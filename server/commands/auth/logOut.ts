import type { AuthDeps } from '../../auth/authDeps.js';
import type { Actor } from '../../policies/actor.js';
import { recordAudit } from '../../audit/recordAudit.js';

export async function logOut(deps: Pick<AuthDeps, 'db' | 'now'>, actor: Actor): Promise<void> {
  if (!actor.sessionId) return;
  const sessionId = actor.sessionId;
  await deps.db.prisma.$transaction(async (tx) => {
    await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: deps.now() } });
    await recordAudit(tx, { actor, action: 'auth.logout', entityType: 'user', entityId: actor.userId });
  });
}
