import type { Db } from '../../db/connect.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Actor } from '../../policies/actor.js';
import { ConflictError } from '../../errors/AppError.js';
import { authorizeTransition } from '../../review/workflow.js';
import { findBriefingOr404 } from '../../review/lockBriefing.js';

/**
 * Work in progress, per person and briefing: overwritten on every keystroke batch,
 * never a revision, never audited (it changes nothing anyone else sees).
 */
export async function autosaveDraft(
  db: Db,
  actor: Actor,
  briefingId: string,
  input: { baseRevisionId: string; sections: Record<string, string> },
) {
  const b = await findBriefingOr404(db, briefingId);
  authorizeTransition(actor, 'edit', b.state);
  const base = await db.revision.findFirst({ where: { id: input.baseRevisionId, briefingId }, select: { id: true } });
  if (!base)
    throw new ConflictError('unknown_base_revision', 'baseRevisionId is not a revision of this briefing.', {
      issues: [{ field: 'baseRevisionId', message: 'not a revision of this briefing' }],
    });
  const content = input.sections as Prisma.InputJsonValue;
  const row = await db.autosave.upsert({
    where: { briefingId_userId: { briefingId, userId: actor.userId } },
    create: { briefingId, userId: actor.userId, baseRevisionId: input.baseRevisionId, content },
    update: { baseRevisionId: input.baseRevisionId, content },
    select: { updatedAt: true, baseRevisionId: true },
  });
  return {
    savedAt: row.updatedAt,
    baseRevisionId: row.baseRevisionId,
    stale: b.currentRevisionId !== input.baseRevisionId,
  };
}

export async function discardAutosave(db: Db, actor: Actor, briefingId: string) {
  await findBriefingOr404(db, briefingId);
  await db.autosave.deleteMany({ where: { briefingId, userId: actor.userId } });
}
