import type { Logger } from '../logging/logger.js';
import type { PublishDeps } from '../publishing/publishDeps.js';
import { seedDemoSources } from './demoSources.js';
import { seedDemoCatalogue } from './demoCatalogue.js';
import { seedDemoBriefing } from './demoBriefing.js';
import { seedDemoHistory } from './demoHistory.js';

/** Demo sources and catalogue; each capability adds its part here. */
export async function seedDemoBasics(deps: PublishDeps, logger: Logger): Promise<void> {
  const db = deps.db.prisma;
  // Sources first: demo briefings are built on them.
  await seedDemoSources(db, logger);
  // The catalogue before any demo briefing: drafting offers it and published pages show it.
  await seedDemoCatalogue(db);
}

/** Weeks of finished work for the Insights page, then today's briefing whose draft the worker writes. */
export async function seedDemoBriefings(deps: PublishDeps, logger: Logger): Promise<void> {
  await seedDemoHistory(deps, logger);
  await seedDemoBriefing(deps.db.prisma, logger);
}

export async function seedDemoContent(deps: PublishDeps, logger: Logger): Promise<void> {
  await seedDemoBasics(deps, logger);
  await seedDemoBriefings(deps, logger);
}
