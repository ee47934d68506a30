import type { Db } from '../db/connect.js';
import type { Logger } from '../logging/logger.js';
import { seedDemoSources } from './demoSources.js';
import { seedDemoCatalogue } from './demoCatalogue.js';
import { seedDemoBriefing } from './demoBriefing.js';

/** Demo sources, briefings and catalogue; each capability adds its part here. */
export async function seedDemoContent(db: Db, logger: Logger): Promise<void> {
  // Sources first: demo briefings are built on them.
  await seedDemoSources(db, logger);
  // The catalogue before any demo briefing: drafting offers it and published pages show it.
  await seedDemoCatalogue(db);
  // After sources and catalogue: its draft is collated from the one and offered the other.
  await seedDemoBriefing(db, logger);
}
