import type { Database } from '../db/connect.js';
import type { LoginLimiter } from './loginLimiter.js';
import type { SessionLimits } from './sessions.js';

/** What the sign-in commands use of AppDeps (which satisfies it). */
export interface AuthDeps {
  db: Pick<Database, 'prisma'>;
  config: { session: SessionLimits };
  loginLimiter: LoginLimiter;
  now: () => Date;
}
