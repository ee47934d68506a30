import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../errors/AppError.js';
import { verifyPassword } from '../../auth/password.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { authorizeTransition, roleAllows } from '../../review/workflow.js';
import { lockBriefing } from '../../review/lockBriefing.js';
import { readReport } from '../../review/grounding.js';
import { notify } from '../../review/notify.js';
import { SIGN_OFF_SELECT } from '../../review/signOffs.js';
import { isAcknowledged } from '../../review/flagAcks.js';

export interface SignOffInput {
  revisionId: string;
  password: string;
  statement: string;
}

/**
 * The reviewer puts their name on one exact revision. Re-entering the password proves
 * it is them at the keyboard; the content hash binds the sign-off to that text only.
 */
export async function approveAndSignOff(
  db: Db,
  actor: Actor,
  briefingId: string,
  input: SignOffInput,
  opts: { fourEyes: boolean; now?: Date },
) {
  const now = opts.now ?? new Date();
  // Refuse the wrong role before the (deliberately slow) password check.
  if (!roleAllows(actor, 'approve'))
    throw new ForbiddenError('Your role does not allow this action (approve and sign off needs: reviewer).');
  const me = await db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { passwordHash: true, displayName: true },
  });
  if (!(await verifyPassword(input.password, me.passwordHash))) {
    throw new ValidationError('The password is not correct. Sign-off needs your current password.', {
      issues: [{ field: 'password', message: 'is incorrect' }],
    });
  }
  return db.$transaction(async (tx) => {
    const b = await lockBriefing(tx, briefingId);
    const to = authorizeTransition(actor, 'approve', b.state);
    if (b.currentRevisionId !== input.revisionId) {
      throw new ConflictError(
        'stale_revision',
        'The briefing changed since you opened it. Review the current revision before signing off.',
        {
          extra: { currentRevisionId: b.currentRevisionId },
          issues: [{ field: 'revisionId', message: 'is not the current revision' }],
        },
      );
    }
    const revision = await tx.revision.findUniqueOrThrow({
      where: { id: input.revisionId },
      select: { id: true, number: true, contentHash: true, grounding: true, authorId: true },
    });
    const acks = await tx.groundingAck.findMany({
      where: { briefingId },
      select: { flagId: true, resolution: true, note: true, userId: true },
    });
    const acked = new Map(acks.map((a) => [a.flagId, a]));
    const flags = readReport(revision.grounding).flags;
    // A blocking flag still in the text needs "it is correct" with a written note; a "resolved" mark
    // cannot stand for a flag the re-check still finds. Advisory flags inform and never gate.
    const open = flags.filter((f) => f.severity === 'blocking' && !isAcknowledged(acked.get(f.id)));
    if (open.length) {
      throw new ConflictError(
        'unacknowledged_flags',
        `${open.length} blocking grounding flag(s) must be fixed, or acknowledged with a note, before sign-off.`,
        {
          extra: {
            flags: open.map((f) => ({
              id: f.id,
              sectionKey: f.sectionKey,
              kind: f.kind,
              severity: f.severity,
              text: f.text,
              message: f.message,
            })),
          },
        },
      );
    }
    if (opts.fourEyes) {
      const lastRegen = await tx.generation.findFirst({
        where: { briefingId, kind: { in: ['regenerate', 'regenerate_section'] } },
        orderBy: { createdAt: 'desc' },
        select: { requestedById: true },
      });
      if (revision.authorId === actor.userId || lastRegen?.requestedById === actor.userId) {
        throw new ConflictError(
          'four_eyes_required',
          'Four-eyes rule: you made the last edit or asked for the last regeneration, so another reviewer must sign off.',
        );
      }
    }
    const signOff = await tx.signOff.create({
      data: {
        briefingId,
        revisionId: revision.id,
        contentHash: revision.contentHash,
        reviewerId: actor.userId,
        reviewerName: me.displayName,
        statement: input.statement.trim(),
        createdAt: now,
        acknowledgedFlags: flags.map((f) => ({
          flagId: f.id,
          kind: f.kind,
          severity: f.severity,
          text: f.text,
          ...acked.get(f.id),
        })),
      },
      select: SIGN_OFF_SELECT,
    });
    await tx.briefing.update({ where: { id: briefingId }, data: { state: to, lockVersion: { increment: 1 } } });
    await notify(tx, {
      userIds: [b.createdById],
      exceptUserId: actor.userId,
      kind: 'sign_off',
      briefingId,
      message: `${me.displayName} signed off "${b.title}" (revision ${revision.number}).`,
      now,
    });
    await recordAudit(tx, {
      actor,
      action: 'briefing.signed_off',
      entityType: 'briefing',
      entityId: briefingId,
      at: now,
      data: {
        signOffId: signOff.id,
        revisionId: revision.id,
        number: revision.number,
        contentHash: revision.contentHash,
        flagsAcknowledged: flags.filter((f) => isAcknowledged(acked.get(f.id))).length,
        from: b.state,
        to,
      },
    });
    return signOff;
  });
}
