import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { NotFoundError } from '../../errors/AppError.js';
import { readContent } from '../../review/content.js';
import { writeRevision } from '../../review/writeRevision.js';

/** History is never rewritten: restoring copies an old revision's content into a new revision. */
export async function restoreRevision(
  db: Db,
  actor: Actor,
  briefingId: string,
  input: { revisionId: string; baseRevisionId: string },
  now = new Date(),
) {
  const old = await db.revision.findFirst({
    where: { id: input.revisionId, briefingId },
    select: { id: true, number: true, content: true },
  });
  if (!old) throw new NotFoundError('No such revision.');
  const content = readContent(old.content);
  return writeRevision(
    db,
    actor,
    briefingId,
    {
      action: 'restore',
      baseRevisionId: input.baseRevisionId,
      restoredFromId: old.id,
      note: `Restored revision ${old.number}.`,
      build: () => content,
    },
    now,
  );
}
