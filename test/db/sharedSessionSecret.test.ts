import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { boot, type Booted } from '../../server/boot.js';
import { loadConfig } from '../../server/env.js';
import { createLogger } from '../../server/logging/logger.js';
import { createUser } from '../../server/commands/users/createUser.js';
import { createTestDatabase, type TestDatabase, describeOnPostgres } from '../support/testDb.js';
import { csrfFromHtml } from '../support/testApp.js';

// Replicas behind a load balancer: a form rendered by one process is often posted to another.

describeOnPostgres('without SESSION_SECRET, processes on one database share one session secret (PostgreSQL)', () => {
  let db: TestDatabase;
  const open: Booted[] = [];
  beforeEach(async () => {
    db = await createTestDatabase('postgres');
  });
  afterEach(async () => {
    for (const b of open.splice(0)) await b.stop();
    await db.dropAndClose();
  });

  /** A process of its own: its own data folder, no SESSION_SECRET, the shared database. */
  function bootProcess(dataDir = mkdtempSync(path.join(os.tmpdir(), 'bd-secret-'))) {
    const config = loadConfig({
      NODE_ENV: 'development',
      DATABASE_URL: db.url!,
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
    });
    return boot(config, { logger: createLogger('silent'), skipFirstRun: true }).then((b) => {
      open.push(b);
      return b;
    });
  }

  test('a sign-in form from one process is accepted by another, and so is an API token-less JSON call with its CSRF token', async () => {
    const [a, b] = await Promise.all([bootProcess(), bootProcess()]);
    await createUser(db.prisma, null, {
      email: 'replica@example.test',
      displayName: 'Replica User',
      roles: ['editor'],
      password: 'a-long-enough-password',
    });
    const page = await request(a.app).get('/login').expect(200);
    const cookie = page.headers['set-cookie'] as unknown as string[];
    const signedIn = await request(b.app)
      .post('/login')
      .set('Cookie', cookie.map((c) => c.split(';')[0]).join('; '))
      .type('form')
      .send({ _csrf: csrfFromHtml(page.text), email: 'replica@example.test', password: 'a-long-enough-password' });
    expect(signedIn.status).toBe(303);
    const session = (signedIn.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    // The session's token as process A hands it out, used against process B.
    const me = await request(a.app).get('/api/auth/me').set('Cookie', session).expect(200);
    await request(b.app)
      .post('/api/auth/logout')
      .set('Cookie', session)
      .set('X-CSRF-Token', me.body.csrfToken)
      .expect(204);
  });

  test('processes starting together agree on one secret; an older DATA_DIR/session-secret is adopted, never rewritten', async () => {
    const legacyDir = mkdtempSync(path.join(os.tmpdir(), 'bd-secret-legacy-'));
    const legacy = 'f'.repeat(64);
    writeFileSync(path.join(legacyDir, 'session-secret'), legacy + '\n');
    const first = await bootProcess(legacyDir);
    expect(first.deps.config.sessionSecret).toBe(legacy);
    const others = await Promise.all([bootProcess(), bootProcess(), bootProcess()]);
    expect(new Set(others.map((o) => o.deps.config.sessionSecret))).toEqual(new Set([legacy]));
  });

  test('with no secret anywhere, processes starting together generate one and all use it', async () => {
    const all = await Promise.all([bootProcess(), bootProcess(), bootProcess()]);
    const secrets = new Set(all.map((o) => o.deps.config.sessionSecret));
    expect(secrets.size).toBe(1);
    expect([...secrets][0]).toMatch(/^[0-9a-f]{64}$/);
  });
});
