import type { Db } from '../../db/connect.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { checkGrounding } from '../../grounding/index.js';
import {
  asRevisionContent,
  contentHash,
  groundingSections,
  replaceSection,
  type RevisionContent,
} from '../revisionContent.js';
import type { DraftInputs } from '../briefings/loadDraftInputs.js';
import type { ClaimedGeneration } from './claimGeneration.js';
import type { ProduceResult, ProducedStats } from './produceDraft.js';
import { lockBriefing, lockGeneration, stateAfterUnsuccessful } from './lockRows.js';
import { notify } from '../../review/notify.js';
import { stateAfterGeneration } from '../../review/workflow.js';
import { voidSignOffs } from '../../review/signOffs.js';

export type Outcome = 'succeeded' | 'cancelled' | 'lost';

const SECTION_LABELS: Record<string, string> = {
  title: 'title',
  thirtySecondBriefing: '30 Second Briefing',
  technicalBrief: 'Technical Brief',
  ourTake: 'Our Take',
};

/** Fields named in a revision note and an audit event; a model that litters every field is summed up. */
const CLEANED_SHOWN = 10;

/** The model's answer, cleaned to be stored, says so in the revision's note (shown in its history). */
function cleanedNote(cleaned: ProduceResult['cleaned']): string {
  if (cleaned.length === 0) return '';
  const shown = cleaned.slice(0, CLEANED_SHOWN).map((c) => `${c.field}: ${c.message}`);
  const more = cleaned.length > CLEANED_SHOWN ? `; ${cleaned.length - CLEANED_SHOWN} more fields` : '';
  return ` — model output cleaned to be stored: ${shown.join('; ')}${more}`;
}

export function statsData(s: ProducedStats) {
  return {
    model: s.model,
    templateVersion: s.templateVersion,
    offline: s.offline,
    promptTokens: s.promptTokens,
    completionTokens: s.completionTokens,
    cachedTokens: s.cachedTokens,
    costUsd: s.costUsd,
    latencyMs: s.latencyMs,
    timeToFirstTokenMs: s.timeToFirstTokenMs,
  };
}

/**
 * Saves a finished generation as the briefing's new current revision, all in
 * one transaction, and only if the lease is still ours: a worker that lost
 * its lease (and whose job another worker now runs) saves nothing, and the
 * unique Revision.generationId makes a second revision from one job impossible.
 *
 * Regenerations build on the briefing's content as it is NOW, not as it was
 * when the job started, so a reviewer's edits made meanwhile survive.
 */
export async function completeGeneration(
  db: Db,
  job: ClaimedGeneration,
  owner: string,
  inputs: DraftInputs,
  result: ProduceResult,
  at?: Date,
): Promise<Outcome> {
  return db.$transaction(
    async (tx) => {
      const gen = await lockGeneration(tx, job.id);
      if (!gen || gen.status !== 'running' || gen.leaseOwner !== owner) return 'lost';
      const briefing = await lockBriefing(tx, job.briefingId);
      if (!briefing) return 'lost';
      const now = at ?? new Date();

      if (gen.cancelRequested) {
        const state = await stateAfterUnsuccessful(tx, briefing, job.id);
        await tx.generation.update({
          where: { id: job.id },
          data: {
            status: 'cancelled',
            finishedAt: now,
            leaseOwner: null,
            leaseExpiresAt: null,
            ...statsData(result.stats),
          },
        });
        if (state !== briefing.state)
          await tx.briefing.update({ where: { id: briefing.id }, data: { state, lockVersion: { increment: 1 } } });
        await recordAudit(tx, {
          actor: null,
          action: 'generation.cancelled',
          entityType: 'generation',
          entityId: job.id,
          data: { briefingId: briefing.id },
        });
        return 'cancelled';
      }

      let baseRevisionId: string | null;
      let content: RevisionContent;
      if (result.produced.mode === 'full') {
        content = result.produced.content;
        baseRevisionId = briefing.currentRevisionId;
      } else {
        const current = briefing.currentRevisionId
          ? await tx.revision.findUnique({
              where: { id: briefing.currentRevisionId },
              select: { id: true, content: true },
            })
          : null;
        if (!current) throw new Error('a section regeneration needs a current revision');
        baseRevisionId = current.id;
        content = replaceSection(asRevisionContent(current.content), result.produced.section, result.produced.update);
      }

      const grounding = checkGrounding({
        sections: groundingSections(content),
        claims: content.claims,
        sources: inputs.grounding.sources,
        facts: inputs.grounding.facts,
      });
      const last = await tx.revision.findFirst({
        where: { briefingId: briefing.id },
        orderBy: { number: 'desc' },
        select: { number: true },
      });
      const number = (last?.number ?? 0) + 1;
      const label = result.stats.offline ? 'offline draft — no LLM' : result.stats.model;
      const note =
        (job.kind === 'draft'
          ? `Draft (${label})`
          : job.kind === 'regenerate_section'
            ? `Regenerated ${SECTION_LABELS[job.section ?? ''] ?? job.section} (${label})`
            : `Regenerated briefing (${label})`) + cleanedNote(result.cleaned);
      const revision = await tx.revision.create({
        data: {
          briefingId: briefing.id,
          number,
          content: content as unknown as Prisma.InputJsonValue,
          contentHash: contentHash(content),
          authorId: null,
          generationId: job.id,
          baseRevisionId,
          note,
          grounding: grounding as unknown as Prisma.InputJsonValue,
          createdAt: now,
        },
        select: { id: true },
      });

      const nextState = stateAfterGeneration(briefing.state);
      await tx.briefing.update({
        where: { id: briefing.id },
        data: { currentRevisionId: revision.id, title: content.title, state: nextState, lockVersion: { increment: 1 } },
      });
      // A sign-off binds one exact content; new content voids it.
      const voided = await voidSignOffs(tx, briefing.id, `Content regenerated in revision ${number}.`, now);
      await tx.generation.update({
        where: { id: job.id },
        data: {
          status: 'succeeded',
          finishedAt: now,
          leaseOwner: null,
          leaseExpiresAt: null,
          rawOutput: result.raw,
          partialOutput: result.raw,
          errorCode: null,
          error: null,
          ...statsData(result.stats),
        },
      });
      await recordAudit(tx, {
        actor: null,
        action: 'generation.succeeded',
        entityType: 'generation',
        entityId: job.id,
        at: now,
        data: {
          briefingId: briefing.id,
          revisionId: revision.id,
          revisionNumber: number,
          kind: job.kind,
          section: job.section,
          flags: grounding.stats.unsupported,
          signOffsVoided: voided,
          ...(result.cleaned.length ? { cleaned: result.cleaned.slice(0, CLEANED_SHOWN) } : {}),
          ...statsData(result.stats),
        },
      });
      const what =
        job.kind === 'draft'
          ? 'Draft ready'
          : job.kind === 'regenerate_section'
            ? `Regenerated ${SECTION_LABELS[job.section ?? ''] ?? job.section}`
            : 'Regenerated briefing';
      await notify(tx, {
        userIds: [gen.requestedById, briefing.assigneeId],
        kind: 'regeneration_done',
        briefingId: briefing.id,
        message: `${what}: ${content.title}`,
        now,
      });
      return 'succeeded';
    },
    { timeout: 30_000 },
  );
}
