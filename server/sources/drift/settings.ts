/** Source drift (issue 12): how often and how patiently the sources of published briefings are re-fetched. */
export interface DriftSettings {
  /** Time between two checks of one source. */
  intervalMinutes: number;
  /** Whole fetch of one source, redirects and DNS included: a host that hangs costs at most this. */
  timeoutMs: number;
  /** Minimum gap between two checks of the same host. */
  hostGapSeconds: number;
  /** Sources checked side by side in one claim (each on a different host). */
  batch: number;
}

/** Largest page a check reads; more is recorded as that source's error. */
export const DRIFT_MAX_BYTES = 5 * 1024 * 1024;
/** Longest wait between checks of a failing source. */
export const DRIFT_MAX_BACKOFF_MINUTES = 24 * 60;

export function nextCheckAfter(now: Date, settings: DriftSettings, consecutiveFailures: number): Date {
  const minutes = Math.min(
    settings.intervalMinutes * 2 ** Math.min(consecutiveFailures, 20),
    Math.max(DRIFT_MAX_BACKOFF_MINUTES, settings.intervalMinutes),
  );
  return new Date(now.getTime() + minutes * 60_000);
}

/** A check that outlives this is presumed dead and its source may be claimed again. */
export function leaseMsFor(settings: DriftSettings): number {
  return settings.timeoutMs * 2 + 60_000;
}
