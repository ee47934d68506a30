/**
 * Work claimed from a table (generations, webhook deliveries) is held under a
 * lease: a short expiry the holder renews on a heartbeat. A process that dies
 * stops renewing, so another takes the work over within about one lease,
 * while a live one keeps it however long the work takes.
 */
export interface LeaseSettings {
  /** How long a claim lasts without a heartbeat: the take-over time after a crash. */
  leaseMs: number;
  /** How often the holder renews it; well under half the lease, so one slow beat does not lose it. */
  heartbeatMs: number;
}
