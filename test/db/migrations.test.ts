import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import request from 'supertest';
import { PGlite } from '@electric-sql/pglite';
import { connectDatabase, type Database } from '../../server/db/connect.js';
import { applyMigrations, NewerDatabaseError } from '../../server/db/migrate.js';
import { boot } from '../../server/boot.js';
import { loadConfig } from '../../server/env.js';
import { createLogger } from '../../server/logging/logger.js';
import { DB_KINDS, createTestDatabase, type DbKind } from '../support/testDb.js';
import { adminQuery, throwawayName, urlFor } from '../support/dbTemplates.js';
import { TEST_SECRET } from '../support/testApp.js';

const MIGRATIONS_DIR = path.resolve('prisma/migrations');
// Applying every migration to an empty embedded database runs all of them through WASM: about 10 s
// on a quiet machine, past the default 30 s under CI's load.
const MIGRATING = 180_000;
const localMigrations = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** An EMPTY database (no migrations), unlike the test templates. */
async function emptyDatabase(kind: DbKind): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await connectDatabase({ kind: 'pglite', dataDir: '' }, { pglite: new PGlite() });
    return { db, drop: () => db.close() };
  }
  const name = throwawayName('bd_empty');
  await adminQuery(`CREATE DATABASE ${name}`);
  const db = await connectDatabase({ kind: 'postgres', url: urlFor(name), poolSize: 2 });
  return {
    db,
    async drop() {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

describe.each(DB_KINDS)('migrations (%s)', (kind) => {
  test(
    'an empty database gets every migration, recorded in _prisma_migrations as prisma migrate deploy would',
    async () => {
      const { db, drop } = await emptyDatabase(kind);
      try {
        const applied = await applyMigrations(db.prisma, db.adapterFactory);
        expect(applied).toEqual(localMigrations);
        const rows = await db.prisma.$queryRawUnsafe<
          { migration_name: string; checksum: string; finished_at: Date | null }[]
        >('SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name');
        expect(rows.map((r) => r.migration_name)).toEqual(localMigrations);
        for (const r of rows) {
          // The CLI compares this checksum with the file: equal means it would see nothing to do.
          const sql = readFileSync(path.join(MIGRATIONS_DIR, r.migration_name, 'migration.sql'));
          expect(r.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
          expect(r.finished_at).not.toBeNull();
        }
        expect(await applyMigrations(db.prisma, db.adapterFactory)).toEqual([]);
        const tables = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
          `SELECT count(*)::bigint AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('User', 'Session', 'AuditEvent', 'Source', 'Briefing', 'Publication')`,
        );
        expect(Number(tables[0].n)).toBe(6);
      } finally {
        await drop();
      }
    },
    MIGRATING,
  );

  test(
    'a database migrated by a newer version refuses to start, with a clear message; /readyz says why',
    async () => {
      // Fully migrated (the test template), as a newer version would leave it, plus that version's migration.
      const db = await createTestDatabase(kind);
      try {
        await db.prisma.$executeRawUnsafe(
          `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('future', 'x', '29990101000000_from_the_future', now(), now(), 1)`,
        );
        const config = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: TEST_SECRET, SEED_DEMO: 'false' });
        const err = await boot(config, { database: db, logger: createLogger('silent'), skipFirstRun: true }).catch(
          (e) => e,
        );
        expect(err).toBeInstanceOf(NewerDatabaseError);
        expect(err.message).toContain('29990101000000_from_the_future');
        expect(err.message).toContain('newer version');
      } finally {
        await db.dropAndClose();
      }
    },
    MIGRATING,
  );
});

describe('readiness follows the migration state', () => {
  test(
    '/readyz is 503 when a migration is pending and 200 once applied',
    async () => {
      // Migrated already (the test template): an empty database migrated at boot is the first test's.
      const db = await createTestDatabase('pglite');
      try {
        const config = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: TEST_SECRET, SEED_DEMO: 'false' });
        const booted = await boot(config, { database: db, logger: createLogger('silent'), skipFirstRun: true });
        const ready = await request(booted.app).get('/readyz').expect(200);
        expect(ready.body).toMatchObject({
          status: 'ready',
          migrations: { applied: localMigrations.length, pending: [] },
        });
        await db.prisma.$executeRawUnsafe(
          `DELETE FROM _prisma_migrations WHERE migration_name = '${localMigrations.at(-1)}'`,
        );
        const notReady = await request(booted.app).get('/readyz').expect(503);
        expect(notReady.body.migrations.pending).toEqual([localMigrations.at(-1)]);
      } finally {
        await db.dropAndClose();
      }
    },
    MIGRATING,
  );
});

describe('npm run db:migration', () => {
  test('with the schema and migrations in step, writes nothing', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'scripts/db-migration.ts', 'nothing_to_do'],
      { timeout: 60_000 },
    );
    expect(stdout).toContain('No schema changes');
    const after = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(after).toEqual(localMigrations);
  }, 60_000);
});
