import type { Prisma } from '../generated/prisma/client.js';
import type { AppDeps } from '../deps.js';
import type { Config } from '../env.js';

/** What the publishing commands need; AppDeps satisfies it. */
export type PublishDeps = Pick<AppDeps, 'config' | 'views' | 'now'> & { db: Pick<AppDeps['db'], 'prisma'> };

export interface PublishOptions {
  /** Origin of the request that publishes, used when PUBLIC_URL is not configured. */
  origin?: string;
  /** Tests only: runs right after the publication row is written, inside the transaction. */
  afterInsert?: (tx: Prisma.TransactionClient) => Promise<void>;
}

/** Absolute links in stored pages and feeds need an origin even when no request is at hand (CLI, workers). */
export function siteOrigin(config: Config, requestOrigin?: string): string {
  return (
    config.publicUrl ??
    requestOrigin ??
    `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`
  );
}
