import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { authorizeApiToken } from '../../policies/apiTokenPolicy.js';

export async function revokeApiToken(db: Db, actor: Actor, tokenId: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({
      where: { id: tokenId },
      select: { id: true, userId: true, revokedAt: true },
    });
    authorizeApiToken(actor, 'revoke', row);
    if (row.revokedAt) return;
    // The same revoke sent twice at once reads "not revoked" twice: only the update that found the
    // token still live revokes it and is audited, as a revoke of a revoked token is not.
    const { count } = await tx.apiToken.updateMany({
      where: { id: tokenId, revokedAt: null },
      data: { revokedAt: now },
    });
    if (count === 1)
      await recordAudit(tx, {
        actor,
        action: 'api_token.revoked',
        entityType: 'api_token',
        entityId: tokenId,
        at: now,
      });
  });
}
