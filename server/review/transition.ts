import type { Db } from '../db/connect.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Actor } from '../policies/actor.js';
import { recordAudit } from '../audit/recordAudit.js';
import { authorizeTransition, type BriefingState, type WorkflowAction } from './workflow.js';
import { lockBriefing } from './lockBriefing.js';

type Tx = Prisma.TransactionClient;
type Locked = Awaited<ReturnType<typeof lockBriefing>>;

/**
 * A pure state change under the row lock: checks the workflow table against the
 * state as it is now (not as the form saw it), moves, audits, then lets the caller
 * add its own rows (a comment, notifications) in the same transaction.
 */
export async function applyTransition<T>(
  db: Db,
  actor: Actor,
  briefingId: string,
  action: WorkflowAction,
  opts: {
    now?: Date;
    data?: Record<string, unknown>;
    /**
     * True when the action would change nothing (the same reviewer assigned again): still
     * authorised, but no write, no audit event, no notification, and open forms stay current.
     */
    alreadyDone?: (b: Locked) => boolean;
    after?: (tx: Tx, b: Locked, to: BriefingState) => Promise<T>;
  } = {},
): Promise<{ from: BriefingState; to: BriefingState; result: T | undefined }> {
  const now = opts.now ?? new Date();
  return db.$transaction(async (tx) => {
    const b = await lockBriefing(tx, briefingId);
    const to = authorizeTransition(actor, action, b.state);
    if (opts.alreadyDone?.(b)) return { from: b.state, to: b.state, result: undefined };
    await tx.briefing.update({ where: { id: briefingId }, data: { state: to, lockVersion: { increment: 1 } } });
    const result = opts.after ? await opts.after(tx, b, to) : undefined;
    await recordAudit(tx, {
      actor,
      action: `briefing.${action}`,
      entityType: 'briefing',
      entityId: briefingId,
      at: now,
      data: { from: b.state, to, ...opts.data },
    });
    return { from: b.state, to, result };
  });
}
