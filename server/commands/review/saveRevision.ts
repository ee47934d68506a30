import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { applyEdits, type SectionEdits } from '../../review/content.js';
import { writeRevision } from '../../review/writeRevision.js';
import { enqueueVerification } from '../../drafting/verification/enqueueVerification.js';

export interface SaveRevisionInput {
  baseRevisionId: string;
  sections: SectionEdits;
  note?: string;
  resolves?: string[];
}

export interface SaveRevisionOptions {
  /** Queue the model verifier for the new revision (when an LLM is configured). Cached verdicts make
   *  this cheap: only sentences the save changed are asked again. */
  verify?: boolean;
}

/** A reviewer's save: a new immutable revision on top of the one they started from, or a 409. */
export async function saveRevision(
  db: Db,
  actor: Actor,
  briefingId: string,
  input: SaveRevisionInput,
  now = new Date(),
  opts: SaveRevisionOptions = {},
) {
  const saved = await writeRevision(
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
  if (saved.created && opts.verify) {
    // The save is committed; failing it now over a second opinion would tell the reviewer it was not.
    // The draft page shows no verification for the revision, and its "Ask the model" button queues one.
    await enqueueVerification(db, {
      briefingId,
      revisionId: saved.revision.id,
      trigger: 'save',
      requestedById: actor.userId,
    }).catch(() => undefined);
  }
  return saved;
}
