import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type TestApp } from '../support/testApp.js';
import { adminQuery } from '../support/dbTemplates.js';
import { waitFor } from '../support/draftingFactory.js';

describe.each(DB_KINDS)('operations endpoints and logs (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  if (kind === 'postgres') {
    test('database connections killed under the app (restart, failover) do not crash it; the pool reconnects', async () => {
      const u = await makeUser(t, ['editor']);
      const s = await signIn(t, u);
      await s.agent.get('/api/auth/me').expect(200);
      const db = new URL(t.db.url!).pathname.slice(1);
      await adminQuery(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db}' AND pid <> pg_backend_pid()`,
      );
      // The pool drops a killed connection when its error event arrives, which a loaded machine may
      // deliver late: wait for that rather than a fixed time, so the next request gets a fresh one.
      await waitFor(() => Promise.resolve(t.db.poolStats().total === 0), 'the pool to drop the killed connections');
      await s.agent.get('/api/auth/me').expect(200);
      await request(t.app).get('/readyz').expect(200);
    });
  }

  test('/healthz answers without touching the database; /readyz checks it', async () => {
    expect((await request(t.app).get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
    expect((await request(t.app).get('/readyz').expect(200)).body).toMatchObject({ status: 'ready', database: kind });
  });

  test('/metrics exposes request latency by route pattern (not raw URL), pool and process metrics', async () => {
    const u = await makeUser(t, ['admin']);
    const s = await signIn(t, u);
    await s.agent.get(`/api/users/${u.id}`).expect(200);
    const res = await request(t.app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*method="GET"[^}]*route="\/api\/users\/:id"[^}]*status="200"/,
    );
    expect(res.text).not.toContain(u.id);
    expect(res.text).toMatch(/db_pool_connections_total \d+/);
    expect(res.text).toMatch(/process_cpu_user_seconds_total/);
  });

  test('request ids: generated, returned, and a sane incoming X-Request-Id is kept', async () => {
    const a = await request(t.app).get('/api/openapi.json');
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const b = await request(t.app).get('/api/nope').set('X-Request-Id', 'trace-abc-12345');
    expect(b.headers['x-request-id']).toBe('trace-abc-12345');
    expect(b.body.requestId).toBe('trace-abc-12345');
    const c = await request(t.app).get('/api/openapi.json').set('X-Request-Id', '<script>bad</script>');
    expect(c.headers['x-request-id']).not.toContain('<');
  });

  test('public site pages (mounted ahead of the staff stack) still get request ids, an access log line and metrics', async () => {
    const before = t.logs.length;
    const res = await request(t.app)
      .get('/news/no-such-briefing')
      .set('X-Request-Id', 'public-trace-123')
      .set('Cookie', 'bd_session=should-not-be-logged')
      .expect(404);
    expect(res.headers['x-request-id']).toBe('public-trace-123');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    const lines = t.logs
      .slice(before)
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg?: string; req?: { id?: string }; responseTime?: number });
    const line = lines.find((l) => l.msg === 'request completed' && l.req?.id === 'public-trace-123');
    expect(line).toMatchObject({ req: { method: 'GET', url: '/news/no-such-briefing' }, res: { statusCode: 404 } });
    expect(typeof line!.responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('should-not-be-logged');
    const metrics = await request(t.app).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/news\/:slug"[^}]*status="404"/);
  });

  test('passwords, session cookies, CSRF and API tokens never reach the logs', async () => {
    const u = await makeUser(t, ['editor'], { password: 'hunter2-but-much-longer' });
    const login = await request(t.app)
      .post('/api/auth/login')
      .send({ email: u.email, password: u.password })
      .expect(200);
    const cookie = login.headers['set-cookie'][0].split(';')[0];
    const sessionToken = cookie.split('=')[1];
    const tok = await request(t.app)
      .post('/api/tokens')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', login.body.csrfToken)
      .send({ name: 'ci', roles: ['editor'] })
      .expect(201);
    await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${tok.body.token}`).expect(200);
    await request(t.app).post('/api/auth/login').send({ email: u.email, password: 'wrong-but-secret-123' }).expect(401);
    await request(t.app)
      .post('/api/auth/password')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', login.body.csrfToken)
      .send({ currentPassword: u.password, newPassword: 'another-secret-password' })
      .expect(200);
    const all = t.logs.join('');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [
      u.password,
      'wrong-but-secret-123',
      'another-secret-password',
      sessionToken,
      tok.body.token,
      login.body.csrfToken,
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toMatch(/"(cookie|authorization|set-cookie)"/i);
    // Anything that does log an object carrying a credential gets it masked.
    t.booted.deps.logger.warn(
      { user: { password: 'logged-by-mistake-123' }, apiKey: 'sk-should-not-appear' },
      'careless log line',
    );
    const after = t.logs.join('');
    expect(after).not.toContain('logged-by-mistake-123');
    expect(after).not.toContain('sk-should-not-appear');
    expect(after).toContain('[redacted]');
  });
});
