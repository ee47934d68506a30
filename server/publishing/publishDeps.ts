import type { Prisma } from '../generated/prisma/client.js';
import type { Database } from '../db/connect.js';
import type { Views } from '../views/views.js';

/** What the site's pages need of the configuration (env.ts's Config extends it). */
export interface SiteSettings {
  port: number;
  host: string;
  /** The site's public base URL (canonical links, feeds). */
  publicUrl?: string;
  site: { name: string; disclosure: string };
}

/** What the publishing commands need; AppDeps satisfies it. */
export interface PublishDeps {
  config: SiteSettings;
  views: Views;
  now: () => Date;
  db: Pick<Database, 'prisma'>;
}

export interface PublishOptions {
  /** Origin of the request that publishes, used when PUBLIC_URL is not configured. */
  origin?: string;
  /** Tests only: runs right after the publication row is written, inside the transaction. */
  afterInsert?: (tx: Prisma.TransactionClient) => Promise<void>;
}

/** Absolute links in stored pages and feeds need an origin even when no request is at hand (CLI, workers). */
export function siteOrigin(config: SiteSettings, requestOrigin?: string): string {
  return (
    config.publicUrl ??
    requestOrigin ??
    `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`
  );
}
