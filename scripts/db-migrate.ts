// `npm run db:migrate`: apply pending migrations to the configured database (DATABASE_URL or the PGlite in DATA_DIR).
import { loadConfig } from '../server/env.js';
import { connectDatabase } from '../server/db/connect.js';
import { applyMigrations, migrationStatus } from '../server/db/migrate.js';
import { withStartupLock } from '../server/db/startupLock.js';

const config = loadConfig();
const db = await connectDatabase(config.database);
try {
  const applied = await withStartupLock(db, () => applyMigrations(db.prisma, db.adapterFactory), {
    holder: 'npm run db:migrate',
    onWait: ({ holder }) => console.log(`Waiting for ${holder ?? 'another process'} to finish migrating…`),
  });
  const status = await migrationStatus(db.prisma);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply.');
  console.log(`${status.applied.length} migration(s) recorded in _prisma_migrations (${db.kind}).`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.close();
}
