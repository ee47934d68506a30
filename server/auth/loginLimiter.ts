import { RateLimiterMemory, RateLimiterPrisma, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Db } from '../db/connect.js';
import { RateLimitedError } from '../errors/AppError.js';

/**
 * Login throttling shared by every app process through the database (the RateLimiterFlexible
 * table; the session sweeper deletes its expired rows).
 *
 * Failures are counted per account *and* client address together: whoever guesses at an account
 * only slows themselves down, never its owner signing in from elsewhere. Past a few free failures
 * each further try from that pair waits twice as long as the one before (up to 15 minutes) instead
 * of a fixed lock-out. One address is also limited across all accounts (password spraying). A
 * browser that signed in to the account before (its session, or its signed device cookie) is not
 * throttled at all, so an attacker on the owner's own network cannot keep them out either — until
 * that device itself fails a few times.
 */
export interface LoginLimiter {
  /** Refuses (RateLimitedError) a try that must wait; a known device is only held to its own failures. */
  check(email: string, ip: string, device?: KnownDevice): Promise<void>;
  failed(email: string, ip: string, device?: KnownDevice): Promise<void>;
  succeeded(email: string, ip: string, device?: KnownDevice): Promise<void>;
  close(): void;
}

/** A browser that signed in to this account before; `id` names the device cookie, not the person. */
export interface KnownDevice {
  id: string;
}

export interface LoginSettings {
  /** Failures one address may make for one account before tries start to wait. */
  freeFailures: number;
  /** Lifetime of the signed device cookie (0: no device cookie). */
  deviceMs: number;
}

export interface LoginLimits {
  freeFailures: number;
  /** All tries from one address, any account, per window. */
  perIpAttempts: number;
  windowSeconds: number;
  /** How long an account+address pair's failures are remembered, so the waits keep growing. */
  failureMemorySeconds: number;
  maxWaitSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  freeFailures: 5,
  perIpAttempts: 30,
  windowSeconds: 15 * 60,
  failureMemorySeconds: 24 * 3600,
  maxWaitSeconds: 15 * 60,
};

/** Seconds the pair waits after its n-th failure: none while free, then 2, 4, 8, … up to the cap. */
export function waitAfterFailures(failures: number, limits: LoginLimits): number {
  if (failures < limits.freeFailures) return 0;
  return Math.min(limits.maxWaitSeconds, 2 ** (failures - limits.freeFailures + 1));
}

export function createLoginLimiter(prisma: Db | null, overrides: Partial<LoginLimits> = {}): LoginLimiter {
  const limits = { ...DEFAULT_LOGIN_LIMITS, ...overrides };
  const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
    prisma
      ? new RateLimiterPrisma({
          storeClient: prisma,
          tableName: 'rateLimiterFlexible',
          keyPrefix,
          points,
          duration,
          clearExpiredByTimeout: false,
        })
      : new RateLimiterMemory({ keyPrefix, points, duration });
  const failures = make('login_pair', 1_000_000, limits.failureMemorySeconds);
  // One row per pair while it must wait; `block` sets its expiry to the end of the wait.
  const waits = make('login_wait', 1, limits.maxWaitSeconds);
  const ip = make('login_ip', limits.perIpAttempts, limits.windowSeconds);
  const deviceFailures = make('login_device', 1_000_000, limits.failureMemorySeconds);
  const pair = (email: string, addr: string) => `${email.trim().toLowerCase()}|${addr}`;

  const refuse = (ms: number): never => {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    const when = seconds < 90 ? `${seconds} second(s)` : `${Math.ceil(seconds / 60)} minute(s)`;
    throw new RateLimitedError(`Too many sign-in attempts. Try again in ${when}.`, seconds);
  };
  const trusted = async (device: KnownDevice | undefined) =>
    device !== undefined && ((await deviceFailures.get(device.id))?.consumedPoints ?? 0) < limits.freeFailures;

  return {
    async check(email, addr, device) {
      if (await trusted(device)) return;
      const key = pair(email, addr);
      const [w, i] = await Promise.all([waits.get(key), ip.get(addr)]);
      if (w && w.consumedPoints > 1) refuse(w.msBeforeNext);
      if (i && i.consumedPoints >= limits.perIpAttempts) refuse(i.msBeforeNext);
      await ip.penalty(addr, 1);
    },
    async failed(email, addr, device) {
      if (device) await deviceFailures.penalty(device.id, 1);
      const key = pair(email, addr);
      const n = (await failures.penalty(key, 1)).consumedPoints;
      const wait = waitAfterFailures(n, limits);
      if (wait > 0) await waits.block(key, wait);
    },
    async succeeded(email, addr, device) {
      const key = pair(email, addr);
      await Promise.all([failures.delete(key), waits.delete(key), device ? deviceFailures.delete(device.id) : null]);
    },
    close() {},
  };
}
