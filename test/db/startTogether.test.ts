import { Writable } from 'node:stream';
import { boot, type Booted } from '../../server/boot.js';
import { connectDatabase } from '../../server/db/connect.js';
import { loadConfig } from '../../server/env.js';
import { createLogger } from '../../server/logging/logger.js';
import { DEMO_USERS } from '../../server/seed/demoUsers.js';
import { DEMO_CATALOGUE } from '../../server/seed/demoCatalogue.js';
import { DEMO_HISTORY } from '../../server/seed/demoHistory.js';
import { adminQuery, throwawayName, urlFor } from '../support/dbTemplates.js';
import { TEST_SECRET } from '../support/testApp.js';
import { describeOnPostgres } from '../support/testDb.js';

// The same race as test/e2e/replicas.test.ts, without process start-up spreading the starts
// apart: several boots, each with its own connection pool, on one database in the same tick.

async function bootMany(url: string, n: number, env: Record<string, string> = {}) {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const config = loadConfig({
    NODE_ENV: 'development',
    SESSION_SECRET: TEST_SECRET,
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '3',
    SEED_DEMO: 'true',
    DATA_DIR: process.env.BD_TEST_TMP ?? '/tmp',
    ...env,
  });
  const results = await Promise.allSettled(
    Array.from({ length: n }, () => boot(config, { logger: createLogger('info', sink) })),
  );
  const booted = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  return { booted, errors, logs };
}

describeOnPostgres('boots that start together on one PostgreSQL database', () => {
  const names: string[] = [];
  const open: Booted[] = [];
  afterEach(async () => {
    for (const b of open.splice(0)) await b.stop();
  });
  afterAll(async () => {
    for (const name of names) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  async function counts(url: string) {
    const db = await connectDatabase({ kind: 'postgres', url, poolSize: 1 });
    try {
      return {
        users: await db.prisma.user.count(),
        catalogue: await db.prisma.catalogueItem.count(),
        briefings: await db.prisma.briefing.count(),
        generations: await db.prisma.generation.count(),
        imports: await db.prisma.importRun.count(),
      };
    } finally {
      await db.close();
    }
  }

  test.each([
    ['empty', ''],
    ['migrated but unseeded', 'template'],
  ])(
    '%s database: five boots at once all succeed and seed the demo data once',
    async (_label, from) => {
      const name = throwawayName('bd_start_together');
      names.push(name);
      await adminQuery(`CREATE DATABASE ${name}${from ? ` TEMPLATE ${process.env.BD_PG_TEMPLATE}` : ''}`);
      const { booted, errors } = await bootMany(urlFor(name), 5);
      open.push(...booted);
      expect(errors).toEqual([]);
      expect(booted.filter((b) => b.firstRun.demoSeeded)).toHaveLength(1);
      expect(await counts(urlFor(name))).toEqual({
        users: DEMO_USERS.length,
        catalogue: DEMO_CATALOGUE.length,
        briefings: 1 + DEMO_HISTORY.briefings,
        generations: 1 + DEMO_HISTORY.generations,
        imports: 1,
      });
    },
    180_000,
  );

  test('an admin from ADMIN_EMAIL is created once when five boots race', async () => {
    const name = throwawayName('bd_start_admin');
    names.push(name);
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${process.env.BD_PG_TEMPLATE}`);
    const { booted, errors } = await bootMany(urlFor(name), 5, {
      SEED_DEMO: 'false',
      ADMIN_EMAIL: 'boss@example.test',
      ADMIN_PASSWORD: 'a-long-admin-password',
    });
    open.push(...booted);
    expect(errors).toEqual([]);
    expect(booted.filter((b) => b.firstRun.createdAdmin)).toHaveLength(1);
    expect((await counts(urlFor(name))).users).toBe(1);
  }, 120_000);
});
