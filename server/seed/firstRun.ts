import type { Config } from '../env.js';
import type { Database } from '../db/connect.js';
import type { Logger } from '../logging/logger.js';
import type { Views } from '../views/views.js';
import { createUser } from '../commands/users/createUser.js';
import { createSetupToken } from '../commands/setup/createSetupToken.js';
import { seedDemoUsers } from './demoUsers.js';
import { seedDemoBasics, seedDemoBriefings } from './demoContent.js';

export interface FirstRunResult {
  createdAdmin?: string;
  demoSeeded: boolean;
  setupToken?: string;
}

export interface FirstRunDeps {
  db: Database;
  config: Config;
  views: Views;
  now: () => Date;
}

// 'seeding' while the demo is being made: a start that finds it (the previous one stopped half-way,
// or left the briefings for after listening) finishes the job; 'done' after.
const DEMO_MARKER = 'demo.seed';

async function demoUnfinished(deps: FirstRunDeps): Promise<boolean> {
  const row = await deps.db.prisma.setting.findUnique({ where: { key: DEMO_MARKER }, select: { value: true } });
  return row?.value === 'seeding';
}

/**
 * On an empty database: create the configured admin, seed demo data (development),
 * or, with neither, mint a one-time setup link so the operator can create the admin.
 * boot.ts runs it under the database's start-up lock, so processes starting together agree on what exists.
 * With `deferBriefings`, the demo's briefings (seconds of work) are left to finishFirstRun, which
 * the process calls once it is listening and before its workers start.
 */
export async function firstRun(
  deps: FirstRunDeps,
  logger: Logger,
  opts: { deferBriefings?: boolean } = {},
): Promise<FirstRunResult> {
  {
    const db = deps.db.prisma;
    const { config } = deps;
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
    if ((users === 0 || (await demoUnfinished(deps))) && config.seedDemo) {
      await db.setting.upsert({
        where: { key: DEMO_MARKER },
        create: { key: DEMO_MARKER, value: 'seeding' },
        update: { value: 'seeding' },
      });
      await seedDemoUsers(db);
      await seedDemoBasics(deps, logger);
      if (!opts.deferBriefings) await finishDemo(deps, logger);
      result.demoSeeded = true;
    } else if (users === 0) {
      result.setupToken = await createSetupToken(db);
    }
    return result;
  }
}

async function finishDemo(deps: FirstRunDeps, logger: Logger): Promise<void> {
  await seedDemoBriefings(deps, logger);
  await deps.db.prisma.setting.update({ where: { key: DEMO_MARKER }, data: { value: 'done' } });
}

/**
 * The demo's briefings, if firstRun left them for later (or a process before us stopped half-way);
 * boot.ts runs it under the start-up lock too.
 */
export async function finishFirstRun(deps: FirstRunDeps, logger: Logger): Promise<void> {
  if (deps.config.seedDemo && (await demoUnfinished(deps))) await finishDemo(deps, logger);
}
