import type { Db } from '../../db/connect.js';
import { NotFoundError } from '../../errors/AppError.js';
import { readContent } from '../../review/content.js';
import { diffContents } from '../../review/diff.js';

/** Word-level diff between any two revisions of one briefing (e.g. the first LLM draft and the final text). */
export async function revisionDiff(db: Db, briefingId: string, fromId: string, toId: string) {
  const revs = await db.revision.findMany({
    where: { briefingId, id: { in: [fromId, toId] } },
    select: {
      id: true,
      number: true,
      content: true,
      contentHash: true,
      generationId: true,
      authorId: true,
      createdAt: true,
    },
  });
  const from = revs.find((r) => r.id === fromId);
  const to = revs.find((r) => r.id === toId);
  if (!from || !to) throw new NotFoundError('No such revision of this briefing.');
  return { from, to, sections: diffContents(readContent(from.content), readContent(to.content)) };
}
