/**
 * Whether an error is PostgreSQL refusing a row that breaks a unique constraint (SQLSTATE 23505).
 * A command that checks "is this name free?" before it writes can still lose that race to a
 * concurrent request writing the same value: the loser should answer 409 like the check would have,
 * not 500. It arrives as Prisma's P2002 or as a driver-adapter error carrying the SQLSTATE.
 */
interface ErrorLike {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown } & Record<string, unknown>;
}

export function isUniqueViolation(err: unknown): boolean {
  const seen = new Set<unknown>();
  const stack: unknown[] = [err];
  while (stack.length > 0) {
    const e = stack.pop() as ErrorLike | null | undefined;
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (e.code === 'P2002' || e.code === '23505' || e.originalCode === '23505') return true;
    if (e.kind === 'UniqueConstraintViolation') return true;
    stack.push(e.cause, e.meta?.driverAdapterError);
  }
  return false;
}
