import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/connect.js';
import type { Logger } from '../logging/logger.js';
import { projectRoot } from '../util/projectRoot.js';
import { importSources } from '../commands/sources/importSources.js';

export const DEMO_SOURCES_FILE = 'server/seed/data/press-releases.jsonl';

/**
 * Loads the demo press releases (see server/seed/data/README.md) through the
 * ordinary import path, so they are deduplicated, archived and audited like any
 * import. Does nothing when sources already exist.
 */
export async function seedDemoSources(db: Db, logger: Logger): Promise<void> {
  if ((await db.source.count()) > 0) return;
  const started = Date.now();
  const content = await readFile(path.join(projectRoot(), DEMO_SOURCES_FILE), 'utf8');
  const summary = await importSources(db, null, {
    content,
    filename: path.basename(DEMO_SOURCES_FILE),
    format: 'jsonl',
  });
  logger.info(
    { added: summary.added, duplicates: summary.duplicates, errors: summary.errors.length, ms: Date.now() - started },
    'seeded demo sources',
  );
}
