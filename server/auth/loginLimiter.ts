import { RateLimiterMemory, RateLimiterPrisma, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Db } from '../db/connect.js';
import { RateLimitedError } from '../errors/AppError.js';

/**
 * Login throttling shared by every app process through the database:
 * per account (failures only, so a locked-out attacker cannot lock out the
 * owner forever: the window slides) and per client address (all attempts).
 */
export interface LoginLimiter {
  check(email: string, ip: string): Promise<void>;
  failed(email: string, ip: string): Promise<void>;
  succeeded(email: string): Promise<void>;
  close(): void;
}

export interface LoginLimits {
  perAccountFailures: number;
  perIpAttempts: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccountFailures: 5, perIpAttempts: 30, windowSeconds: 15 * 60 };

export function createLoginLimiter(prisma: Db | null, limits: LoginLimits = DEFAULT_LOGIN_LIMITS): LoginLimiter {
  const make = (keyPrefix: string, points: number): RateLimiterAbstract =>
    prisma
      ? new RateLimiterPrisma({
          storeClient: prisma,
          tableName: 'rateLimiterFlexible',
          keyPrefix,
          points,
          duration: limits.windowSeconds,
          clearExpiredByTimeout: false,
        })
      : new RateLimiterMemory({ keyPrefix, points, duration: limits.windowSeconds });
  const account = make('login_account', limits.perAccountFailures);
  const ip = make('login_ip', limits.perIpAttempts);
  const key = (email: string) => email.trim().toLowerCase();

  const refuse = (ms: number) => {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    throw new RateLimitedError(
      `Too many sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
      seconds,
    );
  };

  return {
    async check(email, addr) {
      const [a, i] = await Promise.all([account.get(key(email)), ip.get(addr)]);
      if (a && a.consumedPoints >= limits.perAccountFailures) refuse(a.msBeforeNext);
      if (i && i.consumedPoints >= limits.perIpAttempts) refuse(i.msBeforeNext);
      await ip.penalty(addr, 1);
    },
    async failed(email) {
      await account.penalty(key(email), 1);
    },
    async succeeded(email) {
      await account.delete(key(email));
    },
    close() {},
  };
}
