import type { Prisma } from '../generated/prisma/client.js';
import { actorLabel, type Actor } from '../policies/actor.js';
import { auditHash, GENESIS_HASH } from './auditHash.js';
import { lockTransaction } from '../db/transactionLock.js';

type Tx = Prisma.TransactionClient;

export interface AuditInput {
  actor: Actor | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
}

/**
 * Appends events inside the caller's transaction, so an event exists if and only if the
 * change it describes does. The advisory lock serialises appends across processes, keeping
 * the hash chain linear; several events of one change share one lock, one read and one insert.
 */
export async function recordAudit(tx: Tx, input: AuditInput | AuditInput[]): Promise<void> {
  const inputs = Array.isArray(input) ? input : [input];
  if (inputs.length === 0) return;
  await lockTransaction(tx, 'auditChain');
  const last = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = inputs.map((i) => {
    const content = {
      at: i.at ?? new Date(),
      actorId: i.actor?.userId ?? null,
      actorLabel: actorLabel(i.actor),
      action: i.action,
      entityType: i.entityType,
      entityId: i.entityId ?? null,
      data: i.data ?? {},
    };
    const hash = auditHash(prevHash, content);
    const row = { ...content, data: content.data as Prisma.InputJsonValue, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // createMany inserts in the given order, so ids (the chain's order) follow the hashes.
  if (rows.length === 1) await tx.auditEvent.create({ data: rows[0] });
  else await tx.auditEvent.createMany({ data: rows });
}
