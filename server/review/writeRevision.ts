import type { Db } from '../db/connect.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Actor } from '../policies/actor.js';
import { ConflictError, ValidationError } from '../errors/AppError.js';
import type { GroundingReport } from '../grounding/types.js';
import { recordAudit } from '../audit/recordAudit.js';
import { authorizeTransition, type WorkflowAction } from './workflow.js';
import { contentHash, readContent, type RevisionContent } from './content.js';
import { diffContents } from './diff.js';
import { groundContent, readReport } from './grounding.js';
import { findBriefingOr404, lockBriefing } from './lockBriefing.js';
import { voidSignOffs } from './signOffs.js';

export interface WriteRevisionInput {
  action: Extract<WorkflowAction, 'edit' | 'restore'>;
  baseRevisionId: string;
  /** Builds the new content from the base revision's content. */
  build(base: RevisionContent, fallbackSourceIds: string[]): RevisionContent;
  note?: string;
  restoredFromId?: string;
  /** Flag ids of the base revision the person says this edit fixes. */
  resolves?: string[];
}

export const REVISION_SELECT = {
  id: true,
  briefingId: true,
  number: true,
  contentHash: true,
  authorId: true,
  generationId: true,
  baseRevisionId: true,
  restoredFromId: true,
  note: true,
  createdAt: true,
} as const;

async function staleConflict(
  db: Db | Prisma.TransactionClient,
  briefingId: string,
  currentRevisionId: string | null,
  yours: RevisionContent,
): Promise<ConflictError> {
  const current = currentRevisionId
    ? await db.revision.findUnique({
        where: { id: currentRevisionId },
        select: { id: true, number: true, content: true, authorId: true, createdAt: true },
      })
    : null;
  const currentContent = readContent(current?.content);
  return new ConflictError(
    'stale_revision',
    `Someone saved this briefing while you were editing (now at revision ${current?.number ?? 0}). Nothing was overwritten: compare both versions and save again on top of the current one.`,
    {
      extra: {
        briefingId,
        current: current
          ? {
              revisionId: current.id,
              number: current.number,
              authorId: current.authorId,
              createdAt: current.createdAt.toISOString(),
              content: currentContent,
            }
          : null,
        yours: { content: yours },
        merge: diffContents(currentContent, yours).filter((d) => d.changed),
      },
    },
  );
}

/**
 * "Resolved" means resolved: every flag the person says the edit fixes must be a flag of the base
 * revision, and must be gone from the re-checked text; otherwise nothing is saved and the error
 * names the flags that are still there.
 */
function checkResolved(base: GroundingReport, next: GroundingReport, ids: string[]) {
  const wanted = [...new Set(ids)];
  const unknown = wanted.filter((id) => !base.flags.some((f) => f.id === id));
  if (unknown.length) {
    throw new ValidationError('Only flags of the revision you edited can be marked fixed.', {
      issues: unknown.map((id) => ({ field: 'resolves', message: `${id} is not a flag of the base revision` })),
    });
  }
  const still = next.flags.filter((f) => wanted.includes(f.id));
  if (still.length) {
    throw new ConflictError(
      'flag_not_resolved',
      `Not saved: ${still.length === 1 ? 'a flag you marked fixed is' : `${still.length} flags you marked fixed are`} still there after the re-check. ${still.map((f) => `${f.message}`).join(' ')} Change the text (or acknowledge the flag with a note instead).`,
      {
        extra: {
          flags: still.map((f) => ({
            id: f.id,
            sectionKey: f.sectionKey,
            kind: f.kind,
            severity: f.severity,
            text: f.text,
            message: f.message,
            sentence: f.sentence,
          })),
        },
        issues: still.map((f) => ({ field: 'resolves', message: `flag ${f.id} ("${f.text}") is still there` })),
      },
    );
  }
  return base.flags.filter((f) => wanted.includes(f.id));
}

/**
 * The one path by which a person's content change becomes a revision. Stale bases are refused
 * (checked early for a cheap answer, and again under the row lock so two racing saves cannot both win).
 */
export async function writeRevision(
  db: Db,
  actor: Actor,
  briefingId: string,
  input: WriteRevisionInput,
  now = new Date(),
) {
  const peek = await findBriefingOr404(db, briefingId);
  authorizeTransition(actor, input.action, peek.state);
  const base = await db.revision.findFirst({
    where: { id: input.baseRevisionId, briefingId },
    select: { content: true, grounding: true },
  });
  if (!base) {
    throw new ConflictError('unknown_base_revision', 'baseRevisionId is not a revision of this briefing.', {
      issues: [{ field: 'baseRevisionId', message: 'not a revision of this briefing' }],
    });
  }
  const links = await db.briefingSource.findMany({
    where: { briefingId },
    orderBy: { rank: 'asc' },
    select: { sourceId: true },
  });
  const content = input.build(
    readContent(base.content),
    links.slice(0, 1).map((l) => l.sourceId),
  );
  if (peek.currentRevisionId !== input.baseRevisionId)
    throw await staleConflict(db, briefingId, peek.currentRevisionId, content);
  const hash = contentHash(content);
  // Checked outside the lock: grounding is the slow part and depends only on content, sources and facts.
  const grounding = await groundContent(db, briefingId, content, peek.facts);
  const resolved = checkResolved(readReport(base.grounding), grounding, input.resolves ?? []);

  return db.$transaction(async (tx) => {
    const b = await lockBriefing(tx, briefingId);
    const to = authorizeTransition(actor, input.action, b.state);
    if (b.currentRevisionId !== input.baseRevisionId)
      throw await staleConflict(tx, briefingId, b.currentRevisionId, content);
    const current = await tx.revision.findUniqueOrThrow({
      where: { id: b.currentRevisionId },
      select: { ...REVISION_SELECT },
    });
    if (current.contentHash === hash) return { revision: current, created: false, state: b.state, voided: 0 };
    const last = await tx.revision.findFirst({
      where: { briefingId },
      orderBy: { number: 'desc' },
      select: { number: true },
    });
    const revision = await tx.revision.create({
      data: {
        briefingId,
        number: (last?.number ?? 0) + 1,
        content: content as unknown as Prisma.InputJsonValue,
        contentHash: hash,
        authorId: actor.userId,
        baseRevisionId: input.baseRevisionId,
        restoredFromId: input.restoredFromId,
        note: input.note,
        grounding: grounding as unknown as Prisma.InputJsonValue,
        createdAt: now,
      },
      select: REVISION_SELECT,
    });
    await tx.briefing.update({
      where: { id: briefingId },
      data: {
        currentRevisionId: revision.id,
        title: content.title || b.title,
        state: to,
        lockVersion: { increment: 1 },
      },
    });
    const voided = await voidSignOffs(tx, briefingId, `Content changed in revision ${revision.number}.`, now, actor);
    for (const f of resolved) {
      const data = { userId: actor.userId, resolution: 'resolved', note: null, createdAt: now };
      await tx.groundingAck.upsert({
        where: { briefingId_flagId: { briefingId, flagId: f.id } },
        create: { briefingId, flagId: f.id, ...data },
        update: data,
        select: { id: true },
      });
    }
    await tx.autosave.deleteMany({ where: { briefingId, userId: actor.userId } });
    await recordAudit(tx, {
      actor,
      action: input.action === 'restore' ? 'briefing.revision_restored' : 'briefing.revision_saved',
      entityType: 'briefing',
      entityId: briefingId,
      at: now,
      data: {
        revisionId: revision.id,
        number: revision.number,
        contentHash: hash,
        restoredFromId: input.restoredFromId ?? null,
        signOffsVoided: voided,
        flagsResolved: resolved.map((f) => ({ flagId: f.id, kind: f.kind, text: f.text })),
        from: b.state,
        to,
      },
    });
    return { revision, created: true, state: to, voided };
  });
}
