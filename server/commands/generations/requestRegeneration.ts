import type { DraftingDeps } from '../../drafting/briefings/draftingDeps.js';
import type { Actor } from '../../policies/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { voidPendingSchedules } from '../../publishing/schedules.js';
import { isDraftSection, type DraftSection } from '../../drafting/draftSchema.js';
import { lockBriefing } from '../../drafting/generations/lockRows.js';
import { wakeGenerationWorkers } from '../../drafting/generations/wakeup.js';
import { authorizeTransition } from '../../review/workflow.js';
import { GENERATION_SCALARS } from '../../queries/generationSelect.js';

export interface RequestRegenerationInput {
  briefingId: string;
  section?: DraftSection;
  instructions: string;
}

export const MAX_INSTRUCTIONS = 2000;

/**
 * An editor asks for the whole briefing, or one section, to be rewritten with
 * instructions. The job rewrites only what was asked, on top of whatever the
 * content is when it finishes, so reviewers' edits elsewhere are kept.
 */
export async function requestRegeneration(deps: DraftingDeps, actor: Actor, input: RequestRegenerationInput) {
  const instructions = (input.instructions ?? '').trim();
  if (!instructions)
    throw new ValidationError('Say what should change.', {
      issues: [{ field: 'instructions', message: 'is required' }],
    });
  if (instructions.length > MAX_INSTRUCTIONS) {
    throw new ValidationError(`Instructions are limited to ${MAX_INSTRUCTIONS} characters.`, {
      issues: [{ field: 'instructions', message: `must be at most ${MAX_INSTRUCTIONS} characters` }],
    });
  }
  if (input.section !== undefined && !isDraftSection(input.section)) {
    throw new ValidationError('Unknown section.', {
      issues: [{ field: 'section', message: 'must be title, thirtySecondBriefing, technicalBrief or ourTake' }],
    });
  }
  const now = deps.now();
  const generation = await deps.db.prisma.$transaction(async (tx) => {
    const b = await lockBriefing(tx, input.briefingId);
    if (!b) throw new NotFoundError('No such briefing.');
    const to = authorizeTransition(actor, 'regenerate', b.state);
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
    if (!b.currentRevisionId) throw new ConflictError('no_revision', 'This briefing has no draft to regenerate yet.');
    const g = await tx.generation.create({
      data: {
        briefingId: b.id,
        kind: input.section ? 'regenerate_section' : 'regenerate',
        section: input.section ?? null,
        instructions,
        requestedById: actor.userId,
        baseRevisionId: b.currentRevisionId,
        createdAt: now,
      },
      select: GENERATION_SCALARS,
    });
    await tx.briefing.update({ where: { id: b.id }, data: { state: to, lockVersion: { increment: 1 } } });
    // The text is about to change: a schedule made for the signed text must not wait for it.
    await voidPendingSchedules(tx, { briefingId: b.id, reason: 'Regeneration requested.', now, actor });
    await recordAudit(tx, {
      actor,
      action: 'generation.requested',
      entityType: 'generation',
      entityId: g.id,
      at: now,
      data: { briefingId: b.id, kind: g.kind, section: g.section, instructions, previousState: b.state },
    });
    return g;
  });
  wakeGenerationWorkers();
  return generation;
}
