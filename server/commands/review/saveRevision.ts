import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { applyEdits, type SectionEdits } from '../../review/content.js';
import { writeRevision } from '../../review/writeRevision.js';

export interface SaveRevisionInput {
  baseRevisionId: string;
  sections: SectionEdits;
  note?: string;
  resolves?: string[];
}

/** A reviewer's save: a new immutable revision on top of the one they started from, or a 409. */
export function saveRevision(db: Db, actor: Actor, briefingId: string, input: SaveRevisionInput, now = new Date()) {
  return writeRevision(
    db,
    actor,
    briefingId,
    {
      action: 'edit',
      baseRevisionId: input.baseRevisionId,
      note: input.note,
      resolves: input.resolves,
      build: (base, fallback) => applyEdits(base, input.sections, fallback),
    },
    now,
  );
}
