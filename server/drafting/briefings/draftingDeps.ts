import type { AppDeps } from '../../deps.js';

/** What drafting commands use of AppDeps; the demo seed calls them before the app is built. */
export type DraftingDeps = Pick<AppDeps, 'now'> & { db: Pick<AppDeps['db'], 'prisma'> };
