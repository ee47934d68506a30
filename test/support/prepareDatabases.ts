import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { connectDatabase } from '../../server/db/connect.js';
import { applyMigrations } from '../../server/db/migrate.js';
import { adminQuery, throwawayName, urlFor } from './dbTemplates.js';

/**
 * Migrate once, copy many: a PGlite data-dir dump and a PostgreSQL template
 * database, both fully migrated, from which each test file clones its own
 * throwaway database in milliseconds instead of replaying migrations.
 */
export async function prepareDatabases(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bd-test-'));
  process.env.BD_TEST_TMP = dir;

  const pglite = new PGlite();
  const db = await connectDatabase({ kind: 'pglite', dataDir: '' }, { pglite });
  await applyMigrations(db.prisma, db.adapterFactory);
  await db.prisma.$disconnect();
  const dump = await pglite.dumpDataDir('none');
  const dumpPath = path.join(dir, 'pglite-template.tar');
  await writeFile(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  process.env.BD_PGLITE_TEMPLATE = dumpPath;

  if (process.env.SKIP_POSTGRES === '1') return;
  const template = throwawayName('bd_template');
  await adminQuery(`CREATE DATABASE ${template}`);
  const pgdb = await connectDatabase({ kind: 'postgres', url: urlFor(template), poolSize: 2 });
  try {
    await applyMigrations(pgdb.prisma, pgdb.adapterFactory);
  } finally {
    await pgdb.close();
  }
  process.env.BD_PG_TEMPLATE = template;
}
