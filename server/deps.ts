import type { Config } from './env.js';
import type { Database } from './db/connect.js';
import type { Logger } from './logging/logger.js';
import type { Metrics } from './http/metrics.js';
import type { Views } from './views/views.js';
import type { LoginLimiter } from './auth/loginLimiter.js';
import type { SafeLookup } from './sources/pages/safeFetch.js';
import type { EditorialKey } from './publishing/record/editorialKey.js';

/** The configuration once boot has settled what env alone cannot: the shared session secret. */
export type AppConfig = Config & { sessionSecret: string };

/** Everything a request handler or command may use; built once in boot.ts. */
export interface AppDeps {
  config: AppConfig;
  db: Database;
  logger: Logger;
  metrics: Metrics;
  views: Views;
  loginLimiter: LoginLimiter;
  /** Signs each publication's editorial record (EDITORIAL_SIGNING_KEY, or the development key in DATA_DIR). */
  editorialKey: EditorialKey;
  now: () => Date;
  /** DNS for outgoing fetches (feeds, pages, webhooks); unset: the system resolver. Tests inject one. */
  resolveHost?: SafeLookup;
}
