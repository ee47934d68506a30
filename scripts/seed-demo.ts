// `npm run seed:demo`: (re)create the demo users and demo content in the configured database.
import { loadConfig } from '../server/env.js';
import { connectDatabase } from '../server/db/connect.js';
import { applyMigrations } from '../server/db/migrate.js';
import { withStartupLock } from '../server/db/startupLock.js';
import { createLogger } from '../server/logging/logger.js';
import { DEMO_USERS, seedDemoUsers } from '../server/seed/demoUsers.js';
import { seedDemoContent } from '../server/seed/demoContent.js';

const config = loadConfig();
const db = await connectDatabase(config.database);
try {
  const created = await withStartupLock(
    db,
    async () => {
      await applyMigrations(db.prisma, db.adapterFactory);
      const n = await seedDemoUsers(db.prisma, { reset: true });
      await seedDemoContent(db.prisma, createLogger(config.logLevel));
      return n;
    },
    { holder: 'npm run seed:demo' },
  );
  console.log(`Demo users: ${created} created, ${DEMO_USERS.length - created} already present (passwords reset).`);
  for (const u of DEMO_USERS) console.log(`  ${u.email}  password: ${u.password}`);
} finally {
  await db.close();
}
