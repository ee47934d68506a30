export interface FlagAck {
  flagId: string;
  resolution: string;
  note: string | null;
}

/** A blocking flag still in the text is cleared only by "it is correct" with a written note. */
export function isAcknowledged(ack: Pick<FlagAck, 'resolution' | 'note'> | undefined): boolean {
  return ack?.resolution === 'acknowledged' && Boolean(ack.note?.trim());
}

/** Blocking flags that still stand between a revision and its sign-off (the rule approveAndSignOff enforces). */
export function openBlockingFlags<F extends { id: string; severity: string }>(
  flags: F[],
  acks: Iterable<FlagAck>,
): F[] {
  const byId = new Map<string, FlagAck>();
  for (const a of acks) byId.set(a.flagId, a);
  return flags.filter((f) => f.severity === 'blocking' && !isAcknowledged(byId.get(f.id)));
}
