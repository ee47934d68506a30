import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminQuery, throwawayName, urlFor } from '../support/dbTemplates.js';
import { spawnApp, type AppProcess } from '../support/appProcess.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { waitFor } from '../support/draftingFactory.js';
import { describeOnPostgres } from '../support/testDb.js';

// A host reboot, a compose file or a failover can start the app before its database answers.

const retries = (out: string) => out.split('\n').filter((l) => l.includes('database unreachable; retrying'));

describeOnPostgres('a process started while its database is down (PostgreSQL behind a cut proxy)', () => {
  let name: string;
  let proxy: TcpProxy;
  let app: AppProcess | undefined;
  beforeAll(async () => {
    name = throwawayName('bd_start_wait');
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${process.env.BD_PG_TEMPLATE}`);
  });
  beforeEach(async () => {
    proxy = await startTcpProxy(urlFor(name), { startCut: true });
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await proxy.close();
  });
  afterAll(() => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  const start = (waitSeconds: string) =>
    spawnApp({
      DATABASE_URL: proxy.url,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'bd-wait-')),
      SEED_DEMO: 'false',
      WORKERS: 'false',
      LOG_LEVEL: 'info',
      DATABASE_STARTUP_WAIT_SECONDS: waitSeconds,
    });

  test('waits with backoff, logging each attempt, and comes up once the database answers', async () => {
    app = start('120');
    const a = app;
    await waitFor(() => Promise.resolve(retries(a.output()).length >= 2), 'two logged retries', 90_000);
    expect(a.child.exitCode).toBeNull();
    const logged = retries(a.output()).map((l) => JSON.parse(l) as { attempt: number; retryInMs: number });
    expect(logged[0]).toMatchObject({ attempt: 1, retryInMs: 250 });
    expect(logged[1]).toMatchObject({ attempt: 2, retryInMs: 500 });
    await proxy.open();
    const url = await a.ready;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(a.output()).toContain('database reachable');
  }, 150_000);

  test('gives up after DATABASE_STARTUP_WAIT_SECONDS and says why (exit 69, for a supervisor to retry)', async () => {
    // Long enough for two logged retries (at about 0.25 and 0.75 s) even if the process is slow.
    app = start('5');
    expect(await app.exited).toBe(69);
    expect(retries(app.output()).length).toBeGreaterThanOrEqual(2);
    expect(app.output()).toMatch(/Could not reach the database \(PostgreSQL at 127\.0\.0\.1:\d+\/bd_start_wait\w+\)/);
    expect(app.output()).toContain('DATABASE_STARTUP_WAIT_SECONDS');
  }, 120_000);
});
