import type { Db } from '../../db/connect.js';
import { recordAudit } from '../../audit/recordAudit.js';
import type { ClaimedGeneration } from './claimGeneration.js';
import { lockBriefing, lockGeneration, stateAfterUnsuccessful } from './lockRows.js';
import { notify } from '../../review/notify.js';
import { statsData } from './completeGeneration.js';
import type { ProducedStats } from './produceDraft.js';
import { cleanExternal } from '../../sources/text/cleanExternal.js';

export interface FailureInfo {
  code: string;
  message: string;
  raw?: string | null;
  stats?: ProducedStats | null;
}

/**
 * Ends a running generation without a revision (failed or cancelled): the raw
 * output is kept for inspection, the briefing goes back to where it was, and
 * nothing else changes. A worker that no longer holds the lease does nothing.
 */
export async function endUnsuccessfully(
  db: Db,
  job: ClaimedGeneration,
  owner: string,
  status: 'failed' | 'cancelled',
  info: FailureInfo,
): Promise<boolean> {
  // A parser's message quotes the model's text (JSON.parse does), NUL and all: stored, it must be storable.
  const message = cleanExternal(info.message).text;
  return db.$transaction(async (tx) => {
    const gen = await lockGeneration(tx, job.id);
    if (!gen || gen.status !== 'running' || gen.leaseOwner !== owner) return false;
    const briefing = await lockBriefing(tx, job.briefingId);
    const stats = info.stats ? statsData(info.stats) : {};
    await tx.generation.update({
      where: { id: job.id },
      data: {
        status,
        finishedAt: new Date(),
        leaseOwner: null,
        leaseExpiresAt: null,
        errorCode: status === 'failed' ? info.code : null,
        error: status === 'failed' ? message.slice(0, 2000) : null,
        rawOutput: info.raw == null ? null : cleanExternal(info.raw).text,
        ...stats,
      },
    });
    if (briefing) {
      const state = await stateAfterUnsuccessful(tx, briefing, job.id);
      if (state !== briefing.state)
        await tx.briefing.update({ where: { id: briefing.id }, data: { state, lockVersion: { increment: 1 } } });
      if (status === 'failed') {
        await notify(tx, {
          userIds: [gen.requestedById],
          kind: 'generation_failed',
          briefingId: briefing.id,
          message: `Generation failed for "${briefing.title}": ${message}`,
        });
      }
    }
    await recordAudit(tx, {
      actor: null,
      action: `generation.${status}`,
      entityType: 'generation',
      entityId: job.id,
      data: { briefingId: job.briefingId, errorCode: status === 'failed' ? info.code : null, attempts: job.attempts },
    });
    return true;
  });
}

/** Graceful shutdown: hand the job back to the queue at once instead of waiting for the lease to expire. */
export async function releaseGeneration(db: Db, job: ClaimedGeneration, owner: string): Promise<void> {
  await db.generation.updateMany({
    where: { id: job.id, leaseOwner: owner, status: 'running' },
    data: {
      status: 'queued',
      leaseOwner: null,
      leaseExpiresAt: null,
      partialOutput: null,
      attempts: { decrement: 1 },
      runAfter: new Date(),
    },
  });
}
