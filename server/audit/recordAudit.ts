import type { Prisma } from '../generated/prisma/client.js';
import { actorLabel, type Actor } from '../policies/actor.js';
import { auditHash, GENESIS_HASH } from './auditHash.js';

type Tx = Prisma.TransactionClient;

// Any constant works; it only has to be the same in every process.
const AUDIT_CHAIN_LOCK = 7_311_004;

export interface AuditInput {
  actor: Actor | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
}

/**
 * Appends one event inside the caller's transaction, so the event exists if and
 * only if the change it describes does. The advisory lock serialises appends
 * across processes, keeping the hash chain linear.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const last = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const content = {
    at: input.at ?? new Date(),
    actorId: input.actor?.userId ?? null,
    actorLabel: actorLabel(input.actor),
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    data: input.data ?? {},
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx.auditEvent.create({
    data: { ...content, data: content.data as Prisma.InputJsonValue, prevHash, hash: auditHash(prevHash, content) },
  });
}
