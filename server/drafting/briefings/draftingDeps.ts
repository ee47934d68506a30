import type { Database } from '../../db/connect.js';

/** What drafting commands use of AppDeps; the demo seed calls them before the app is built. */
export interface DraftingDeps {
  db: Pick<Database, 'prisma'>;
  now: () => Date;
}
