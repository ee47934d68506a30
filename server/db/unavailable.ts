/**
 * Whether an error means "the database cannot be reached or did not answer in time" (a stopped,
 * restarting, frozen or overloaded server, a dropped connection) rather than a bug or bad input.
 * Such errors are worth retrying later: requests answer 503 with Retry-After, a finished
 * generation keeps its result and retries its commit.
 *
 * They arrive in several shapes: Prisma's own codes, a driver-adapter error carrying the
 * PostgreSQL SQLSTATE, or node-postgres / socket errors passed through unchanged.
 */

/** P1001 cannot reach, P1002 reached but timed out, P1008 operation timed out, P1017 server closed
 *  the connection, P2024 no pool connection in time, P2028 transaction could not start / expired. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);

/** Driver-adapter error kinds (@prisma/driver-adapter-utils) that are about the connection. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/**
 * SQLSTATEs: class 08 connection exception; 57P01-57P03 the server is shutting down, crashed or
 * starting; 53300 too many connections; 57014 statement cancelled (our statement_timeout).
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '57014'].includes(code);
}

/** Messages node-postgres uses for connection-level failures that carry no code. */
const PG_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Query read timeout/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^timeout expired$/,
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown } & Record<string, unknown>;
}

function matches(e: ErrorLike): boolean {
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && PRISMA_CODES.has(code)) return true;
  if (code && SOCKET_CODES.has(code)) return true;
  if (code && /^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code)) return true;
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.originalCode === 'string' && isUnavailableSqlState(e.originalCode)) return true;
  if (typeof e.message === 'string' && PG_MESSAGES.some((re) => re.test(e.message as string))) return true;
  return false;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  // Follow causes (and the adapter error Prisma keeps in meta) a few levels deep, never in a loop.
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length && seen.size < 10) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const x = e as ErrorLike;
    if (matches(x)) return true;
    queue.push(x.cause, x.meta?.driverAdapterError);
    if (e instanceof AggregateError) queue.push(...(e.errors as unknown[]));
  }
  return false;
}
