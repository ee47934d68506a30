import type { Database } from '../db/connect.js';
import type { LoginLimiter, LoginSettings } from './loginLimiter.js';
import type { SessionLimits } from './sessions.js';

/** What the sign-in commands use of AppDeps (which satisfies it). */
export interface AuthDeps {
  db: Pick<Database, 'prisma'>;
  config: { session: SessionLimits; login: LoginSettings; sessionSecret: string };
  loginLimiter: LoginLimiter;
  now: () => Date;
}
