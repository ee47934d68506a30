import type { Db } from '../../db/connect.js';
import type { Prisma } from '../../generated/prisma/client.js';

export type VerificationTrigger = 'generation' | 'save' | 'request';

/**
 * Queues a model verification of one revision. Called after the revision is committed; a revision
 * that already has one waiting gets no second (the waiting one will read the same report). Workers
 * find it at their next poll (a second or so): a second opinion is not worth a wake-up channel.
 */
export async function enqueueVerification(
  db: Db | Prisma.TransactionClient,
  job: { briefingId: string; revisionId: string; trigger: VerificationTrigger; requestedById?: string | null },
): Promise<{ id: string; status: string; created: boolean }> {
  const waiting = await db.verification.findFirst({
    where: { revisionId: job.revisionId, status: 'queued' },
    select: { id: true, status: true },
  });
  if (waiting) return { ...waiting, created: false };
  const row = await db.verification.create({
    data: {
      briefingId: job.briefingId,
      revisionId: job.revisionId,
      trigger: job.trigger,
      requestedById: job.requestedById ?? null,
    },
    select: { id: true, status: true },
  });
  return { ...row, created: true };
}

/** After a generation's revision is committed: the model that wrote it gets a second look from the verifier. */
export async function enqueueAfterGeneration(db: Db, generationId: string): Promise<void> {
  const rev = await db.revision.findUnique({ where: { generationId }, select: { id: true, briefingId: true } });
  if (rev) await enqueueVerification(db, { briefingId: rev.briefingId, revisionId: rev.id, trigger: 'generation' });
}
