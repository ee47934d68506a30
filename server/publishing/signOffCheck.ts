import type { Prisma } from '../generated/prisma/client.js';
import { ConflictError } from '../errors/AppError.js';

type Tx = Prisma.TransactionClient;

/**
 * The briefing's current revision and the sign-off that still covers it, or a
 * 409 naming exactly why it cannot be published. Same rule as the review
 * area's currentValidSignOff (latest non-voided sign-off on this revision,
 * bound to its content hash), but it says which condition failed.
 */
export async function requireValidSignOff(tx: Tx, briefing: { id: string; currentRevisionId: string | null }) {
  if (!briefing.currentRevisionId)
    throw new ConflictError('no_revision', 'This briefing has no revision to publish yet.');
  const revision = await tx.revision.findUniqueOrThrow({
    where: { id: briefing.currentRevisionId },
    select: { id: true, number: true, content: true, contentHash: true },
  });
  const signOff = await tx.signOff.findFirst({
    where: { briefingId: briefing.id, voidedAt: null, revisionId: revision.id },
    orderBy: { createdAt: 'desc' },
    select: { id: true, revisionId: true, contentHash: true, reviewerId: true, reviewerName: true, createdAt: true },
  });
  if (!signOff) {
    throw new ConflictError('not_signed_off', `Revision ${revision.number} has not been signed off by a reviewer.`, {
      extra: { revision: revision.number },
    });
  }
  if (signOff.contentHash !== revision.contentHash) {
    throw new ConflictError(
      'sign_off_stale',
      `Revision ${revision.number} changed after it was signed off (content hash no longer matches the sign-off).`,
      {
        extra: { revision: revision.number },
      },
    );
  }
  return { revision, signOff };
}
