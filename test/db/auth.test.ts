import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { csrfFromHtml, makeUser, signIn, startTestApp, type TestApp } from '../support/testApp.js';

describe.each(DB_KINDS)('sign-in and sessions (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  test('correct password opens a session; the cookie is HttpOnly and SameSite=Lax', async () => {
    const u = await makeUser(t, ['editor']);
    const res = await request(t.app)
      .post('/api/auth/login')
      .send({ email: u.email.toUpperCase(), password: u.password })
      .expect(200);
    const cookie = res.headers['set-cookie'][0];
    expect(cookie).toMatch(/^bd_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(res.body.user).toMatchObject({ email: u.email, roles: ['editor'] });
    const token = /bd_session=([^;]+)/.exec(cookie)![1];
    const me = await request(t.app).get('/api/auth/me').set('Cookie', `bd_session=${token}`).expect(200);
    expect(me.body).toMatchObject({ email: u.email, displayName: u.displayName, via: 'session' });
  });

  test('behind a trusted TLS proxy the cookie is Secure', async () => {
    const proxied = await startTestApp(kind, { TRUST_PROXY: 'loopback' });
    try {
      const u = await makeUser(proxied, ['reviewer']);
      const res = await request(proxied.app)
        .post('/api/auth/login')
        .set('X-Forwarded-Proto', 'https')
        .send({ email: u.email, password: u.password })
        .expect(200);
      expect(res.headers['set-cookie'][0]).toMatch(/; Secure/);
    } finally {
      await proxied.close();
    }
  });

  test('wrong password and unknown email get the same 401, and no session', async () => {
    const u = await makeUser(t, ['editor']);
    const wrong = await request(t.app)
      .post('/api/auth/login')
      .send({ email: u.email, password: 'not-the-password' })
      .expect(401);
    const unknown = await request(t.app)
      .post('/api/auth/login')
      .send({ email: 'nobody@example.test', password: 'not-the-password' })
      .expect(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(unknown.body.code).toBe('invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  test('a deactivated user cannot sign in and loses live sessions', async () => {
    const admin = await makeUser(t, ['admin']);
    const u = await makeUser(t, ['reviewer']);
    const s = await signIn(t, u);
    const a = await signIn(t, admin);
    await a.agent.patch(`/api/users/${u.id}`).set('X-CSRF-Token', a.csrf).send({ active: false }).expect(200);
    await s.agent.get('/api/auth/me').expect(401);
    await request(t.app).post('/api/auth/login').send({ email: u.email, password: u.password }).expect(401);
  });

  test('repeated failures slow the guesser down (429 with Retry-After), even with the right password; other accounts are unaffected', async () => {
    const u = await makeUser(t, ['editor']);
    for (let i = 0; i < 5; i++)
      await request(t.app).post('/api/auth/login').send({ email: u.email, password: 'wrong-password-x' }).expect(401);
    const slowed = await request(t.app)
      .post('/api/auth/login')
      .send({ email: u.email, password: u.password })
      .expect(429);
    expect(slowed.body.code).toBe('rate_limited');
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another account from the same address is unaffected by this account's throttle.
    const other = await makeUser(t, ['editor']);
    await request(t.app).post('/api/auth/login').send({ email: other.email, password: other.password }).expect(200);
  });

  test('one address hammering many accounts is throttled', async () => {
    const ip = '203.0.113.77';
    const proxied = await startTestApp(kind, { TRUST_PROXY: 'loopback' });
    try {
      let limited = 0;
      for (let i = 0; i < 32; i++) {
        const res = await request(proxied.app)
          .post('/api/auth/login')
          .set('X-Forwarded-For', ip)
          .send({ email: `spray${i}@example.test`, password: 'guess-guess-guess' });
        if (res.status === 429) limited++;
      }
      expect(limited).toBeGreaterThanOrEqual(2);
      const elsewhere = await makeUser(proxied, ['editor']);
      await request(proxied.app)
        .post('/api/auth/login')
        .set('X-Forwarded-For', '198.51.100.1')
        .send({ email: elsewhere.email, password: elsewhere.password })
        .expect(200);
    } finally {
      await proxied.close();
    }
  });

  test('logout revokes the session on the server, not just the cookie', async () => {
    const u = await makeUser(t, ['editor']);
    const login = await request(t.app)
      .post('/api/auth/login')
      .send({ email: u.email, password: u.password })
      .expect(200);
    const cookie = login.headers['set-cookie'][0].split(';')[0];
    await request(t.app)
      .post('/api/auth/logout')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', login.body.csrfToken)
      .expect(204);
    await request(t.app).get('/api/auth/me').set('Cookie', cookie).expect(401);
  });

  test('changing the password ends every other session and keeps the current one going', async () => {
    const u = await makeUser(t, ['reviewer']);
    const laptop = await signIn(t, u);
    const phone = await signIn(t, u);
    const res = await laptop.agent
      .post('/api/auth/password')
      .set('X-CSRF-Token', laptop.csrf)
      .send({ currentPassword: u.password, newPassword: 'a-brand-new-password' })
      .expect(200);
    await phone.agent.get('/api/auth/me').expect(401);
    await laptop.agent.get('/api/auth/me').expect(200);
    expect(res.body.csrfToken).toBeTruthy();
    await request(t.app).post('/api/auth/login').send({ email: u.email, password: u.password }).expect(401);
    await request(t.app).post('/api/auth/login').send({ email: u.email, password: 'a-brand-new-password' }).expect(200);
  });

  test('idle and absolute expiry: an expired session gets 401 on the API and a redirect to sign-in on pages', async () => {
    const u = await makeUser(t, ['editor']);
    const s = await signIn(t, u);
    const realNow = t.booted.deps.now;
    try {
      t.booted.deps.now = () => new Date(Date.now() + t.booted.deps.config.session.idleMs + 1000);
      const api = await s.agent.get('/api/auth/me').expect(401);
      expect(api.body.code).toBe('unauthenticated');
      t.booted.deps.now = realNow;
      const s2 = await signIn(t, u);
      // Keep it active (touch) but jump past the absolute lifetime.
      t.booted.deps.now = () => new Date(Date.now() + t.booted.deps.config.session.absoluteMs + 1000);
      const page = await s2.agent.get('/desk').expect(303);
      expect(page.headers.location).toMatch(/^\/login\?next=%2Fdesk&expired=1/);
    } finally {
      t.booted.deps.now = realNow;
    }
  });

  // PGlite is one process by design; sharing sessions across processes is a PostgreSQL deployment.
  if (kind === 'postgres')
    test('sessions live in the database: a second app process on the same database accepts the cookie', async () => {
      const u = await makeUser(t, ['editor']);
      const login = await request(t.app)
        .post('/api/auth/login')
        .send({ email: u.email, password: u.password })
        .expect(200);
      const cookie = login.headers['set-cookie'][0].split(';')[0];
      const { boot } = await import('../../server/boot.js');
      const { loadConfig } = await import('../../server/env.js');
      const { connectDatabase } = await import('../../server/db/connect.js');
      const { createLogger } = await import('../../server/logging/logger.js');
      const second = await boot(
        loadConfig({
          NODE_ENV: 'test',
          SESSION_SECRET: 'test-session-secret-0123456789abcdef0123456789',
          DATABASE_URL: t.db.url,
        }),
        {
          database: await connectDatabase({ kind: 'postgres', url: t.db.url!, poolSize: 2 }),
          logger: createLogger('silent'),
          skipFirstRun: true,
        },
      );
      try {
        const me = await request(second.app).get('/api/auth/me').set('Cookie', cookie).expect(200);
        expect(me.body.email).toBe(u.email);
      } finally {
        await second.stop();
      }
    });

  test('the sign-in page works as a plain HTML form with a CSRF token', async () => {
    const u = await makeUser(t, ['editor']);
    const agent = request.agent(t.app);
    const form = await agent.get('/login?next=/account').expect(200);
    const csrf = csrfFromHtml(form.text);
    const bad = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrf, email: u.email, password: 'nope-nope-nope', next: '/account' })
      .expect(401);
    expect(bad.text).toContain('Email or password is incorrect.');
    const ok = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrf, email: u.email, password: u.password, next: '/account' })
      .expect(303);
    expect(ok.headers.location).toBe('/account');
    await agent.get('/account').expect(200);
  });

  test('?next= cannot send a signed-in user to another site', async () => {
    const u = await makeUser(t, ['editor']);
    const agent = request.agent(t.app);
    const csrf = csrfFromHtml((await agent.get('/login').expect(200)).text);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrf, email: u.email, password: u.password, next: '//evil.example/' })
      .expect(303);
    expect(res.headers.location).toBe('/desk');
  });
});
