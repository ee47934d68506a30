/** Whatever was thrown, as an Error: rejections and `cause` chains then always carry a stack and a message. */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(typeof value === 'string' ? value : String(value));
}

/** An aborted signal's reason as an Error (Node's default reason is already a DOMException, itself an Error). */
export function abortReason(signal: AbortSignal): Error {
  return asError(signal.reason);
}
