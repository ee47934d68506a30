/** Longest wait between polls of a failing feed. */
export const MAX_BACKOFF_MINUTES = 24 * 60;
/** A poll that takes longer than this is presumed dead and its feed may be claimed again. */
export const POLL_LEASE_MS = 5 * 60_000;

/**
 * Exponential backoff: after n consecutive failures the next attempt waits
 * interval × 2ⁿ minutes (capped at a day), so a broken feed costs little and a
 * fixed one recovers within one doubled interval.
 */
export function nextPollAfterFailure(now: Date, intervalMinutes: number, consecutiveFailures: number): Date {
  const minutes = Math.min(intervalMinutes * 2 ** Math.min(consecutiveFailures, 20), MAX_BACKOFF_MINUTES);
  return new Date(now.getTime() + minutes * 60_000);
}

export function nextPollAfterSuccess(now: Date, intervalMinutes: number): Date {
  return new Date(now.getTime() + intervalMinutes * 60_000);
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}
