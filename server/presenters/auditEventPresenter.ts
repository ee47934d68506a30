export function presentAuditEvent(e: {
  id: bigint;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  data: unknown;
  hash: string;
}) {
  return {
    id: String(e.id),
    at: e.at.toISOString(),
    actorId: e.actorId,
    actor: e.actorLabel,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    data: e.data,
    hash: e.hash,
  };
}
