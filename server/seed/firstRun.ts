import type { Config } from '../env.js';
import type { Db } from '../db/connect.js';
import type { Logger } from '../logging/logger.js';
import { createUser } from '../commands/users/createUser.js';
import { createSetupToken } from '../commands/setup/createSetupToken.js';
import { seedDemoUsers } from './demoUsers.js';
import { seedDemoContent } from './demoContent.js';

export interface FirstRunResult {
  createdAdmin?: string;
  demoSeeded: boolean;
  setupToken?: string;
}

/**
 * On an empty database: create the configured admin, seed demo data (development),
 * or, with neither, mint a one-time setup link so the operator can create the admin.
 */
export async function firstRun(db: Db, config: Config, logger: Logger): Promise<FirstRunResult> {
  const result: FirstRunResult = { demoSeeded: false };
  if (config.admin) {
    const email = config.admin.email.toLowerCase();
    const exists = await db.user.findUnique({ where: { email }, select: { id: true } });
    if (!exists) {
      await createUser(db, null, {
        email,
        displayName: config.admin.name,
        roles: ['admin', 'editor', 'reviewer'],
        password: config.admin.password,
      });
      result.createdAdmin = email;
      logger.info({ email }, 'created admin from ADMIN_EMAIL');
    }
  }
  const users = await db.user.count();
  if (users === 0 && config.seedDemo) {
    await seedDemoUsers(db);
    await seedDemoContent(db, logger);
    result.demoSeeded = true;
  } else if (users === 0) {
    result.setupToken = await createSetupToken(db);
  }
  return result;
}
