import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { adminQuery, throwawayName, urlFor } from '../support/dbTemplates.js';
import { spawnApp, type AppProcess } from '../support/appProcess.js';
import { DEMO_USERS } from '../../server/seed/demoUsers.js';
import { DEMO_CATALOGUE } from '../../server/seed/demoCatalogue.js';
import { DEMO_HISTORY } from '../../server/seed/demoHistory.js';
import { DEMO_SOURCES_FILE } from '../../server/seed/demoSources.js';
import { describeOnPostgres } from '../support/testDb.js';

// Replicas and rolling deploys start several processes on one database at the same moment.

async function counts(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const one = async (sql: string) => Number((await c.query<{ n: string }>(sql)).rows[0].n);
    return {
      users: await one(`SELECT count(*) AS n FROM "User"`),
      demoUsers: await one(`SELECT count(*) AS n FROM "User" WHERE email LIKE '%@demo.test'`),
      sources: await one(`SELECT count(*) AS n FROM "Source"`),
      distinctSources: await one(`SELECT count(DISTINCT "canonicalUrl") AS n FROM "Source"`),
      imports: await one(`SELECT count(*) AS n FROM "ImportRun"`),
      catalogue: await one(`SELECT count(*) AS n FROM "CatalogueItem"`),
      briefings: await one(`SELECT count(*) AS n FROM "Briefing"`),
      generations: await one(`SELECT count(*) AS n FROM "Generation"`),
      migrations: await one(`SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`),
    };
  } finally {
    await c.end();
  }
}

/** Three processes, started in the same tick, each with its own data folder, on one database. */
async function startThree(url: string): Promise<{ apps: AppProcess[]; results: PromiseSettledResult<string>[] }> {
  const apps = [0, 1, 2].map(() =>
    spawnApp({
      DATABASE_URL: url,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'bd-replica-')),
      SEED_DEMO: 'true',
      WORKERS: 'false',
      LOG_LEVEL: 'info',
    }),
  );
  const results = await Promise.allSettled(apps.map((a) => a.ready));
  return { apps, results };
}

async function expectAllReady(run: { apps: AppProcess[]; results: PromiseSettledResult<string>[] }) {
  const failed = run.results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason).slice(0, 2000)] : []));
  expect(failed).toEqual([]);
  // Right after start the processes are busy seeding, and on a loaded machine the readiness query
  // may miss its 2 s deadline (a 503 an orchestrator retries); each must turn ready in time.
  for (const r of run.results) {
    const url = `${(r as PromiseFulfilledResult<string>).value}/readyz`;
    const deadline = Date.now() + 60_000;
    let status = (await fetch(url)).status;
    while (status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await fetch(url)).status;
    }
    expect(status).toBe(200);
  }
}

/**
 * The demo history and today's briefing are written after the address is printed (README), so
 * "ready" comes first; the process that seeds says so last with this line.
 */
async function demoSeeded(apps: AppProcess[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!apps.some((a) => a.output().includes('demo briefing started'))) {
    if (Date.now() > deadline) throw new Error('no process finished seeding the demo briefings');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function demoSourceLines(): number {
  return readFileSync(path.join(process.cwd(), DEMO_SOURCES_FILE), 'utf8').split('\n').filter(Boolean).length;
}

describeOnPostgres('processes that start together all come up (PostgreSQL)', () => {
  const dbs: string[] = [];
  let running: AppProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.map((a) => a.stop()));
    running = [];
  });
  afterAll(async () => {
    for (const name of dbs) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  test('empty database: three processes started at once all migrate, seed once and answer /readyz', async () => {
    const name = throwawayName('bd_replicas_empty');
    dbs.push(name);
    await adminQuery(`CREATE DATABASE ${name}`);
    const run = await startThree(urlFor(name));
    running = run.apps;
    await expectAllReady(run);
    await demoSeeded(run.apps);
    const n = await counts(urlFor(name));
    expect(n).toMatchObject({
      demoUsers: DEMO_USERS.length,
      users: DEMO_USERS.length,
      imports: 1,
      catalogue: DEMO_CATALOGUE.length,
      briefings: 1 + DEMO_HISTORY.briefings,
      generations: 1 + DEMO_HISTORY.generations,
    });
    expect(n.sources).toBe(n.distinctSources);
    expect(n.sources).toBeLessThanOrEqual(demoSourceLines());
    expect(n.sources).toBeGreaterThan(0);
    // Each log says what it did: one process seeded, the others found the work done.
    const seeded = run.apps.filter((a) => a.output().includes('seeded demo sources'));
    expect(seeded).toHaveLength(1);
  }, 240_000);

  test('migrated but unseeded database: three processes started at once all come up; demo data exists once', async () => {
    const name = throwawayName('bd_replicas_migrated');
    dbs.push(name);
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${process.env.BD_PG_TEMPLATE}`);
    const before = await counts(urlFor(name));
    expect(before).toMatchObject({ users: 0, sources: 0 });
    const run = await startThree(urlFor(name));
    running = run.apps;
    await expectAllReady(run);
    await demoSeeded(run.apps);
    const n = await counts(urlFor(name));
    expect(n).toMatchObject({
      demoUsers: DEMO_USERS.length,
      users: DEMO_USERS.length,
      imports: 1,
      catalogue: DEMO_CATALOGUE.length,
      briefings: 1 + DEMO_HISTORY.briefings,
      generations: 1 + DEMO_HISTORY.generations,
      migrations: before.migrations,
    });
    expect(n.sources).toBe(n.distinctSources);
  }, 240_000);
});
