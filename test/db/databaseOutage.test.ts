import request from 'supertest';
import { makeUser, signIn } from '../support/testApp.js';
import { startProxiedApp, type ProxiedApp } from '../support/proxiedApp.js';
import type { TcpProxy } from '../support/tcpProxy.js';
import { waitFor } from '../support/draftingFactory.js';
import { describeOnPostgres } from '../support/testDb.js';

// The app talks to PostgreSQL through a proxy the test can cut (a stopped server: connections
// refused) or freeze (a hung server or a partition: connections accepted, nothing answered).
// Timeouts are test-sized; what is asserted is that every request gets an answer, and which one.

// Far above the configured timeouts (connect 500 ms, statement 1 s + 2 s client grace), far
// below "hangs": a request that has not answered by then never would.
const ANSWER_WITHIN_MS = 15_000;

describeOnPostgres('a database outage answers 503, never hangs (PostgreSQL through a breakable proxy)', () => {
  let t: ProxiedApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    t = await startProxiedApp();
    proxy = t.proxy;
  });
  afterAll(() => t?.close());
  afterEach(async () => {
    await proxy.open();
  });

  const get = (path: string, accept = 'application/json') =>
    request(t.app).get(path).set('Accept', accept).timeout(ANSWER_WITHIN_MS);

  function expectUnavailable(res: request.Response, kind: 'api' | 'page') {
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    if (kind === 'api') {
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 503, code: 'database_unavailable', retryAfterSeconds: 5 });
    } else {
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('The database is not answering right now. Try again in a few seconds.');
    }
  }

  async function recovers(s: Awaited<ReturnType<typeof signIn>>) {
    // Connections the outage broke are replaced on next use; within a few tries all is well again.
    // Each request may draw another pooled connection, so readiness is awaited on its own too.
    await waitFor(
      async () => (await s.agent.get('/api/auth/me').timeout(ANSWER_WITHIN_MS)).status === 200,
      'the app to answer again',
    );
    await waitFor(async () => (await get('/readyz')).status === 200, 'readiness to return');
  }

  for (const outage of ['cut', 'freeze'] as const) {
    test(`${outage === 'cut' ? 'stopped' : 'frozen'} database: API 503 problem+json, pages 503 error page, each with Retry-After; /healthz stays 200; nothing half-written`, async () => {
      const admin = await makeUser(t, ['admin', 'editor', 'reviewer']);
      const s = await signIn(t, admin);
      await s.agent.get('/api/auth/me').expect(200);
      await get('/api/openapi.json').expect(200);

      if (outage === 'cut') await proxy.cut();
      else proxy.freeze();

      const [me, sources, briefingsPage, home, article, create, ready, health] = await Promise.all([
        s.agent.get('/api/auth/me').timeout(ANSWER_WITHIN_MS),
        s.agent.get('/api/sources').timeout(ANSWER_WITHIN_MS),
        s.agent.get('/briefings').set('Accept', 'text/html').timeout(ANSWER_WITHIN_MS),
        get('/', 'text/html'),
        get('/news/some-briefing', 'text/html'),
        s.agent
          .post('/api/catalogue')
          .set('X-CSRF-Token', s.csrf)
          .send({ kind: 'industry', name: 'Outage Industry', description: 'Added while the database was down.' })
          .timeout(ANSWER_WITHIN_MS),
        get('/readyz'),
        get('/healthz'),
      ]);
      expectUnavailable(me, 'api');
      expectUnavailable(sources, 'api');
      expectUnavailable(create, 'api');
      expect(create.body.detail).toContain('nothing was saved');
      expectUnavailable(briefingsPage, 'page');
      expectUnavailable(home, 'page');
      expectUnavailable(article, 'page');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'not_ready' });
      // Liveness never touches the database: an orchestrator must not restart a healthy process
      // because its database is away.
      expect(health.status).toBe(200);

      await proxy.open();
      await recovers(s);
      expect(await t.db.prisma.catalogueItem.count({ where: { name: 'Outage Industry' } })).toBe(0);
      const logged = t.logs.join('');
      expect(logged).toContain('database_unavailable');
    }, 120_000);
  }

  test('/readyz answers within its own deadline while the database is frozen', async () => {
    proxy.freeze();
    const res = await get('/readyz');
    expect(res.status).toBe(503);
    // Its own deadline (READINESS_TIMEOUT_MS=500) answered, not the 3 s query timeout behind it.
    expect(res.body).toMatchObject({
      status: 'not_ready',
      error: expect.stringMatching(/did not answer within 500 ms/) as unknown,
    });
  }, 60_000);
});
