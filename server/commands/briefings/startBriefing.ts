import type { DraftingDeps } from '../../drafting/briefings/draftingDeps.js';
import { hasRole, type Actor } from '../../policies/actor.js';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../errors/AppError.js';
import { isUniqueViolation } from '../../db/uniqueViolation.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { collateForLead } from '../../sources/collation/collateForLead.js';

type Collation = Awaited<ReturnType<typeof collateForLead>>;
import { storedFact } from '../../drafting/briefings/loadDraftInputs.js';
import { SOURCE_TOKEN_BUDGET } from '../../drafting/briefings/sourceBudget.js';
import { wakeGenerationWorkers } from '../../drafting/generations/wakeup.js';
import { GENERATION_SCALARS } from '../../queries/generationSelect.js';

export interface StartBriefingInput {
  leadSourceId: string;
  assigneeId?: string;
  /** A story update: the published briefing this one follows up, drafted with it as context. */
  updateOfId?: string;
  /** Made once per intended briefing (per form shown): the same key again returns that briefing. */
  startKey?: string;
}

const BRIEFING_SELECT = {
  id: true,
  state: true,
  title: true,
  leadSourceId: true,
  assigneeId: true,
  createdAt: true,
} as const;

/** Related sources handed to the model with the lead. */
const RELATED_SOURCES = 8;

/**
 * An editor starts a briefing from a lead source: the related sources and
 * computed facts are collated now and frozen with the briefing, and its first
 * draft is queued. Briefing, sources, generation and audit: one transaction.
 */
export async function startBriefing(deps: DraftingDeps, actor: Actor, input: StartBriefingInput) {
  if (!hasRole(actor, 'editor')) throw new ForbiddenError('Only editors start briefings.');
  const db = deps.db.prisma;
  const started = await findStarted(db, actor, input);
  if (started) return started;
  const lead = await db.source.findUnique({
    where: { id: input.leadSourceId },
    select: { id: true, title: true, text: true },
  });
  if (!lead) throw new NotFoundError('No such source.');
  if (lead.text.trim().length === 0) {
    throw new BadRequestError(
      'lead_source_empty',
      `The source "${lead.title || lead.id}" has no text, so there is nothing to draft from. Re-fetch it or choose another lead.`,
      {
        issues: [{ field: 'leadSourceId', message: 'the source has no text' }],
      },
    );
  }
  if (input.assigneeId) {
    const assignee = await db.user.findUnique({
      where: { id: input.assigneeId },
      select: { active: true, roles: true },
    });
    if (!assignee || !assignee.active || !(assignee.roles.includes('reviewer') || assignee.roles.includes('admin'))) {
      throw new ValidationError('The assignee must be an active reviewer.', {
        issues: [{ field: 'assigneeId', message: 'not an active reviewer' }],
      });
    }
  }
  if (input.updateOfId) {
    const earlier = await db.briefing.findUnique({ where: { id: input.updateOfId }, select: { state: true } });
    if (!earlier) throw new NotFoundError('No such briefing to update.');
    if (earlier.state !== 'published')
      throw new ValidationError('Only a published briefing can be updated.', {
        issues: [{ field: 'updateOfId', message: 'is not published' }],
      });
  }
  const collation = await collateForLead(db, lead.id, { k: RELATED_SOURCES, tokenBudget: SOURCE_TOKEN_BUDGET });
  try {
    const result = await writeBriefing(db, actor, input, collation, deps.now());
    wakeGenerationWorkers();
    return { ...result, replayed: false };
  } catch (err) {
    // The same key sent twice at once: both passed findStarted, the unique index let one through.
    const winner = isUniqueViolation(err) ? await findStarted(db, actor, input) : undefined;
    if (!winner) throw err;
    return winner;
  }
}

/** Briefing, its sources, the queued first draft and the audit events, in one transaction. */
function writeBriefing(
  db: DraftingDeps['db']['prisma'],
  actor: Actor,
  input: StartBriefingInput,
  collation: Collation,
  now: Date,
) {
  const leadId = input.leadSourceId;
  return db.$transaction(async (tx) => {
    const briefing = await tx.briefing.create({
      data: {
        state: 'drafting',
        title: collation.lead.title.trim() || 'Untitled briefing',
        leadSourceId: leadId,
        assigneeId: input.assigneeId ?? null,
        updateOfId: input.updateOfId ?? null,
        createdById: actor.userId,
        startKey: input.startKey ?? null,
        facts: collation.facts.map(storedFact),
        createdAt: now,
      },
      select: BRIEFING_SELECT,
    });
    await tx.briefingSource.createMany({
      data: [
        { briefingId: briefing.id, sourceId: leadId, role: 'lead', rank: 0, score: 1 },
        ...collation.related.map((r, i) => ({
          briefingId: briefing.id,
          sourceId: r.id,
          role: 'related',
          rank: i + 1,
          score: r.score,
        })),
      ],
    });
    const generation = await tx.generation.create({
      data: { briefingId: briefing.id, kind: 'draft', requestedById: actor.userId, createdAt: now },
      select: GENERATION_SCALARS,
    });
    await recordAudit(tx, [
      {
        actor,
        action: 'briefing.started',
        entityType: 'briefing',
        entityId: briefing.id,
        at: now,
        data: {
          leadSourceId: leadId,
          relatedSourceIds: collation.related.map((r) => r.id),
          facts: collation.facts.map((f) => ({ term: f.term, matches: f.matches })),
          assigneeId: input.assigneeId ?? null,
          ...(input.updateOfId ? { updateOfId: input.updateOfId } : {}),
        },
      },
      {
        actor,
        action: 'generation.requested',
        entityType: 'generation',
        entityId: generation.id,
        at: now,
        data: { briefingId: briefing.id, kind: 'draft', previousState: null },
      },
    ]);
    return { briefing, generation };
  });
}

/** The briefing this person already started with this key, with its first draft's generation. */
async function findStarted(db: DraftingDeps['db']['prisma'], actor: Actor, input: StartBriefingInput) {
  if (!input.startKey) return undefined;
  const briefing = await db.briefing.findUnique({
    where: { createdById_startKey: { createdById: actor.userId, startKey: input.startKey } },
    select: {
      ...BRIEFING_SELECT,
      updateOfId: true,
      generations: { where: { kind: 'draft' }, orderBy: { createdAt: 'asc' }, take: 1, select: GENERATION_SCALARS },
    },
  });
  if (!briefing) return undefined;
  if (briefing.leadSourceId !== input.leadSourceId) {
    throw new ConflictError('start_key_reused', 'This request key already started a briefing from another source.', {
      issues: [{ field: 'startKey', message: 'was used for another lead source' }],
    });
  }
  if ((briefing.updateOfId ?? undefined) !== (input.updateOfId || undefined)) {
    throw new ConflictError(
      'start_key_reused',
      'This request key already started a briefing that does not update the same published briefing.',
      {
        issues: [{ field: 'startKey', message: 'was used for a different published briefing to update' }],
      },
    );
  }
  const { generations, updateOfId: _updateOfId, ...rest } = briefing;
  return { briefing: rest, generation: generations[0], replayed: true };
}
