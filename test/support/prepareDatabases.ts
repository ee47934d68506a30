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
export async function prepareDatabases(): Promise<Record<string, string>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bd-test-'));

  const pglite = new PGlite();
  const db = await connectDatabase({ kind: 'pglite', dataDir: '' }, { pglite });
  await applyMigrations(db.prisma, db.adapterFactory);
  await db.prisma.$disconnect();
  const dump = await pglite.dumpDataDir('none');
  const dumpPath = path.join(dir, 'pglite-template.tar');
  await writeFile(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();

  if (process.env.SKIP_POSTGRES === '1') return { BD_TEST_TMP: dir, BD_PGLITE_TEMPLATE: dumpPath };
  const template = throwawayName('bd_template');
  await adminQuery(`CREATE DATABASE ${template}`);
  const pgdb = await connectDatabase({ kind: 'postgres', url: urlFor(template), poolSize: 2 });
  try {
    await applyMigrations(pgdb.prisma, pgdb.adapterFactory);
  } finally {
    await pgdb.close();
  }
  return { BD_TEST_TMP: dir, BD_PGLITE_TEMPLATE: dumpPath, BD_PG_TEMPLATE: template };
}

// Run by globalSetup.mjs in a child process; the last stdout line is the variables for the test workers.
prepareDatabases().then(
  (vars) => {
    process.stdout.write(JSON.stringify(vars) + '\n');
    process.exit(0);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
