import type { DraftingDeps } from '../../drafting/briefings/draftingDeps.js';
import { hasRole, type Actor } from '../../policies/actor.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { lockBriefing, lockGeneration, stateAfterUnsuccessful } from '../../drafting/generations/lockRows.js';
import { generationChanged } from '../../drafting/generations/wakeup.js';

/**
 * A queued generation is cancelled at once. A running one is flagged; its
 * worker sees the flag within about a second, aborts the LLM call and marks
 * it cancelled (the lease holder is the only writer of a running job).
 */
export async function cancelGeneration(
  deps: DraftingDeps,
  actor: Actor,
  generationId: string,
): Promise<{ id: string; status: 'cancelled' | 'cancelling' }> {
  if (!hasRole(actor, 'editor')) throw new ForbiddenError('Only editors cancel generations.');
  const now = deps.now();
  const result = await deps.db.prisma.$transaction(async (tx) => {
    const g = await lockGeneration(tx, generationId);
    if (!g) throw new NotFoundError('No such generation.');
    if (g.status === 'queued') {
      await tx.generation.update({ where: { id: g.id }, data: { status: 'cancelled', finishedAt: now } });
      const b = await lockBriefing(tx, g.briefingId);
      if (b) {
        const state = await stateAfterUnsuccessful(tx, b, g.id);
        if (state !== b.state)
          await tx.briefing.update({ where: { id: b.id }, data: { state, lockVersion: { increment: 1 } } });
      }
      await recordAudit(tx, {
        actor,
        action: 'generation.cancelled',
        entityType: 'generation',
        entityId: g.id,
        at: now,
        data: { briefingId: g.briefingId, was: 'queued' },
      });
      return { id: g.id, status: 'cancelled' as const };
    }
    if (g.status === 'running') {
      if (!g.cancelRequested) {
        await tx.generation.update({ where: { id: g.id }, data: { cancelRequested: true } });
        await recordAudit(tx, {
          actor,
          action: 'generation.cancel_requested',
          entityType: 'generation',
          entityId: g.id,
          at: now,
          data: { briefingId: g.briefingId },
        });
      }
      return { id: g.id, status: 'cancelling' as const };
    }
    throw new ConflictError(
      'generation_finished',
      `This generation has already ${g.status === 'succeeded' ? 'finished' : g.status}; there is nothing to cancel.`,
      { extra: { status: g.status } },
    );
  });
  // Progress streams in this process report the cancellation at once.
  if (result.status === 'cancelled') generationChanged(result.id);
  return result;
}
