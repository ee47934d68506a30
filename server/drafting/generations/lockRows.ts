import { Prisma } from '../../generated/prisma/client.js';
import type { BriefingState, GenerationStatus } from '../../generated/prisma/enums.js';

type Tx = Prisma.TransactionClient;

export interface LockedGeneration {
  id: string;
  briefingId: string;
  status: GenerationStatus;
  leaseOwner: string | null;
  cancelRequested: boolean;
  requestedById: string | null;
}

export interface LockedBriefing {
  id: string;
  state: BriefingState;
  title: string;
  currentRevisionId: string | null;
  assigneeId: string | null;
}

// Always lock the generation before its briefing, so two writers never wait on each other in a cycle.

export async function lockGeneration(tx: Tx, id: string): Promise<LockedGeneration | null> {
  const rows = await tx.$queryRaw<LockedGeneration[]>(Prisma.sql`
    SELECT id, "briefingId", status::text AS status, "leaseOwner", "cancelRequested", "requestedById"
    FROM "Generation" WHERE id = ${id}::uuid FOR UPDATE`);
  return rows[0] ?? null;
}

export async function lockBriefing(tx: Tx, id: string): Promise<LockedBriefing | null> {
  const rows = await tx.$queryRaw<LockedBriefing[]>(Prisma.sql`
    SELECT id, state::text AS state, title, "currentRevisionId", "assigneeId"
    FROM "Briefing" WHERE id = ${id}::uuid FOR UPDATE`);
  return rows[0] ?? null;
}

const SETTLED: BriefingState[] = ['in_review', 'changes_requested', 'approved'];

/**
 * Where a briefing goes when its generation fails or is cancelled: back to the
 * state it had when the regeneration was requested (kept in that audit event),
 * or in_review if it has content, else it stays drafting with the failure shown.
 */
export async function stateAfterUnsuccessful(tx: Tx, b: LockedBriefing, generationId: string): Promise<BriefingState> {
  if (b.state !== 'regenerating') return b.state;
  const ev = await tx.auditEvent.findFirst({
    where: { entityType: 'generation', entityId: generationId, action: 'generation.requested' },
    select: { data: true },
  });
  const prev = (ev?.data as { previousState?: string } | null)?.previousState;
  if (prev && (SETTLED as string[]).includes(prev)) return prev as BriefingState;
  return b.currentRevisionId ? 'in_review' : 'drafting';
}
