import type { DraftingDeps } from '../../drafting/briefings/draftingDeps.js';
import type { Actor } from '../../policies/actor.js';
import { ConflictError, NotFoundError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { lockBriefing } from '../../drafting/generations/lockRows.js';
import { wakeGenerationWorkers } from '../../drafting/generations/wakeup.js';
import { authorizeTransition } from '../../review/workflow.js';
import { GENERATION_SCALARS } from '../../queries/generationSelect.js';

/**
 * A first draft that failed (the LLM was down, answered garbage twice, or was cancelled)
 * leaves the briefing in drafting with its sources and facts: an editor queues the draft
 * again once the cause is fixed, instead of starting the briefing over.
 */
export async function retryDraft(deps: DraftingDeps, actor: Actor, briefingId: string) {
  const now = deps.now();
  const generation = await deps.db.prisma.$transaction(async (tx) => {
    const b = await lockBriefing(tx, briefingId);
    if (!b) throw new NotFoundError('No such briefing.');
    authorizeTransition(actor, 'retry_draft', b.state);
    if (b.currentRevisionId)
      throw new ConflictError(
        'already_drafted',
        'This briefing already has a draft; regenerate it with instructions instead.',
      );
    const active = await tx.generation.findFirst({
      where: { briefingId: b.id, status: { in: ['queued', 'running'] } },
      select: { id: true },
    });
    if (active)
      throw new ConflictError(
        'generation_in_progress',
        'A generation for this briefing is already queued or running; wait for it or cancel it.',
        { extra: { generationId: active.id } },
      );
    const failed = await tx.generation.findFirst({
      where: { briefingId: b.id, kind: 'draft' },
      orderBy: { createdAt: 'desc' },
      select: { id: true, status: true, errorCode: true },
    });
    const g = await tx.generation.create({
      data: { briefingId: b.id, kind: 'draft', requestedById: actor.userId },
      select: GENERATION_SCALARS,
    });
    await recordAudit(tx, {
      actor,
      action: 'generation.retried',
      entityType: 'generation',
      entityId: g.id,
      at: now,
      data: {
        briefingId: b.id,
        previousGenerationId: failed?.id ?? null,
        previousStatus: failed?.status ?? null,
        previousError: failed?.errorCode ?? null,
      },
    });
    return g;
  });
  wakeGenerationWorkers();
  return generation;
}
