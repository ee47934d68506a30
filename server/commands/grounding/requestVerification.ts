import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { ConflictError, NotFoundError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { enqueueVerification } from '../../drafting/verification/enqueueVerification.js';

/**
 * A reviewer or editor asks the model verifier for a second opinion on the current revision. Only
 * sentences whose (sentence, passages) pair has no cached verdict are asked again, so asking after a
 * failed run re-asks just the sentences that failed.
 */
export async function requestVerification(
  db: Db,
  actor: Actor,
  briefingId: string,
  opts: { llmConfigured: boolean },
  now = new Date(),
) {
  if (!opts.llmConfigured) {
    throw new ConflictError(
      'verifier_not_configured',
      'No LLM is configured (offline drafter), so there is no model to ask for a second opinion.',
    );
  }
  return db.$transaction(async (tx) => {
    const b = await tx.briefing.findUnique({
      where: { id: briefingId },
      select: { id: true, currentRevisionId: true },
    });
    if (!b) throw new NotFoundError('No such briefing.');
    if (!b.currentRevisionId) throw new ConflictError('no_revision', 'This briefing has no revision to verify yet.');
    const job = await enqueueVerification(tx, {
      briefingId,
      revisionId: b.currentRevisionId,
      trigger: 'request',
      requestedById: actor.userId,
    });
    if (job.created) {
      await recordAudit(tx, {
        actor,
        action: 'verification.requested',
        entityType: 'verification',
        entityId: job.id,
        at: now,
        data: { briefingId, revisionId: b.currentRevisionId },
      });
    }
    return { id: job.id, status: job.status, revisionId: b.currentRevisionId, created: job.created };
  });
}
