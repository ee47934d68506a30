import type { Db } from '../db/connect.js';
import type { Logger } from '../logging/logger.js';

/** Demo sources, briefings and catalogue; each capability adds its part here. */
export async function seedDemoContent(_db: Db, _logger: Logger): Promise<void> {}
