import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { authorizeTransition } from '../../review/workflow.js';
import { lockBriefing } from '../../review/lockBriefing.js';
import { readReport } from '../../review/grounding.js';

/**
 * The reviewer takes responsibility for a flagged item: "it is correct", with a note for a
 * blocking flag. Flag ids are stable hashes of section, kind and text, so the acknowledgement
 * survives edits elsewhere in the briefing. "I fixed it" is said by saving the changed text
 * (writeRevision's `resolves`): a flag of the current revision is by definition still there.
 */
export async function acknowledgeFlag(
  db: Db,
  actor: Actor,
  briefingId: string,
  input: { flagId: string; resolution: 'acknowledged' | 'resolved'; note?: string },
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const b = await lockBriefing(tx, briefingId);
    authorizeTransition(actor, 'acknowledge_flag', b.state);
    const rev = b.currentRevisionId
      ? await tx.revision.findUnique({ where: { id: b.currentRevisionId }, select: { grounding: true } })
      : null;
    const flag = readReport(rev?.grounding).flags.find((f) => f.id === input.flagId);
    if (!flag) throw new NotFoundError('No such grounding flag on the current revision.');
    if (input.resolution === 'resolved') {
      throw new ConflictError(
        'flag_still_present',
        `The current text still has this flag (${flag.message}) Change the text and save it marked "I fixed this flag": the re-check must no longer find it.`,
        { issues: [{ field: 'resolution', message: 'the flagged text is unchanged' }] },
      );
    }
    if (flag.severity === 'blocking' && !input.note?.trim()) {
      throw new ValidationError('A blocking flag is acknowledged with a note saying why the text is right.', {
        issues: [{ field: 'note', message: 'is required for a blocking flag' }],
      });
    }
    const data = {
      userId: actor.userId,
      resolution: input.resolution,
      note: input.note?.trim() || null,
      createdAt: now,
    };
    const ackSelect = { id: true, flagId: true, resolution: true, note: true, createdAt: true, userId: true } as const;
    const existing = await tx.groundingAck.findUnique({
      where: { briefingId_flagId: { briefingId, flagId: flag.id } },
      select: ackSelect,
    });
    // The same person saying the same thing again (a second click, a resent form) is no new event.
    if (
      existing &&
      existing.userId === data.userId &&
      existing.resolution === data.resolution &&
      existing.note === data.note
    ) {
      return existing;
    }
    const ack = await tx.groundingAck.upsert({
      where: { briefingId_flagId: { briefingId, flagId: flag.id } },
      create: { briefingId, flagId: flag.id, ...data },
      update: data,
      select: ackSelect,
    });
    await recordAudit(tx, {
      actor,
      action: 'briefing.flag_acknowledged',
      entityType: 'briefing',
      entityId: briefingId,
      at: now,
      data: {
        flagId: flag.id,
        kind: flag.kind,
        severity: flag.severity,
        text: flag.text,
        resolution: input.resolution,
      },
    });
    return ack;
  });
}
