/**
 * Transaction-scoped advisory locks: writes that must take turns across processes (a read then a
 * write that an index cannot guard) hold one of these until their transaction ends. Every key is
 * listed here, so no two uses can pick the same number by accident; any value works as long as every
 * process uses the same one.
 */
export const TRANSACTION_LOCKS = {
  /** Appends to the audit hash chain (keeps it linear). */
  auditChain: 7_311_004,
  /** A source import's one-at-a-time run (taken with the try form). */
  sourceImport: 7_311_016,
  /** Claiming due feed polls. */
  feedClaim: 7_311_301,
  /** Claiming due drift watches. */
  driftClaim: 7_311_312,
  /** Catalogue creates, renames and deletes (names are unique per kind ignoring case). */
  catalogue: 7_311_401,
  /** Choosing a publication's slug. */
  publicationSlug: 7_311_501,
  /** Taking the admin role from an active admin (one admin must remain). */
  adminChange: 7_311_601,
} as const;

export type TransactionLock = keyof typeof TRANSACTION_LOCKS;

/** Waits for the lock and holds it until the caller's transaction commits or rolls back. */
export async function lockTransaction(
  tx: { $executeRawUnsafe: (query: string) => Promise<unknown> },
  lock: TransactionLock,
): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${TRANSACTION_LOCKS[lock]})`);
}
