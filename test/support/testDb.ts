import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { connectDatabase, type Database } from '../../server/db/connect.js';
import { adminQuery, throwawayName, urlFor } from './dbTemplates.js';

export type DbKind = 'pglite' | 'postgres';

/**
 * Database kinds this run covers. Both by default; SKIP_POSTGRES=1 for a machine without a server;
 * TEST_DB=pglite or TEST_DB=postgres for one kind (CI's runs on the other Node versions split the two).
 */
export const DB_KINDS: DbKind[] = dbKinds(process.env.SKIP_POSTGRES, process.env.TEST_DB);

function dbKinds(skipPostgres: string | undefined, only: string | undefined): DbKind[] {
  if (skipPostgres === '1') return ['pglite'];
  if (only === undefined || only === '') return ['pglite', 'postgres'];
  if (only === 'pglite' || only === 'postgres') return [only];
  throw new Error(`TEST_DB=${only}: expected pglite or postgres`);
}

/**
 * `describe` for suites that need a PostgreSQL server whatever TEST_DB says (separate processes on one
 * database, connections from DATABASE_URL, a server cut off mid-way): skipped only with SKIP_POSTGRES=1,
 * which is set only on machines without a PostgreSQL server; CI always has one.
 */
export const describeOnPostgres = process.env.SKIP_POSTGRES === '1' ? describe.skip : describe;

export interface TestDatabase extends Database {
  /** Connection string for a second process (postgres only). */
  url?: string;
  dropAndClose(): Promise<void>;
}

/** A fresh, fully migrated, throwaway database of the given kind. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dump = await readFile(process.env.BD_PGLITE_TEMPLATE!);
    const pglite = await PGlite.create({ loadDataDir: new Blob([dump]) });
    const db = await connectDatabase({ kind: 'pglite', dataDir: '' }, { pglite });
    return { ...db, dropAndClose: () => db.close() };
  }
  const name = throwawayName('bd_test');
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${process.env.BD_PG_TEMPLATE}`);
  const url = urlFor(name);
  const db = await connectDatabase({ kind: 'postgres', url, poolSize: 10 });
  return {
    ...db,
    url,
    async dropAndClose() {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
