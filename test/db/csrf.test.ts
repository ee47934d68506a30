import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { csrfFromHtml, makeUser, signIn, startTestApp, type TestApp } from '../support/testApp.js';

describe.each(DB_KINDS)('CSRF protection (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  test('a form post without the token is refused and changes nothing', async () => {
    const admin = await makeUser(t, ['admin']);
    const s = await signIn(t, admin);
    const res = await s.agent
      .post('/admin/users')
      .type('form')
      .send({ email: 'forged@example.test', displayName: 'Forged', roles: 'admin' })
      .expect(403);
    expect(res.text).toContain('This form has expired or did not come from this site');
    expect(await t.db.prisma.user.findUnique({ where: { email: 'forged@example.test' } })).toBeNull();
  });

  test('a token from another session does not work', async () => {
    const admin = await makeUser(t, ['admin']);
    const mine = await signIn(t, admin);
    const other = await signIn(t, await makeUser(t, ['reviewer']));
    await mine.agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: other.csrf, email: 'x1@example.test', displayName: 'X', roles: 'editor' })
      .expect(403);
  });

  test('after sign-out and back in, an old form token is stale: clear message, nothing changed', async () => {
    const admin = await makeUser(t, ['admin']);
    const s = await signIn(t, admin);
    const page = await s.agent.get('/admin/users').expect(200);
    const oldToken = csrfFromHtml(page.text);
    await s.agent.post('/api/auth/logout').set('X-CSRF-Token', s.csrf).expect(204);
    await s.agent.post('/api/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
    const res = await s.agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: oldToken, email: 'stale@example.test', displayName: 'Stale', roles: 'editor' })
      .expect(403);
    expect(res.text).toContain('Reload the page and try again');
    expect(await t.db.prisma.user.findUnique({ where: { email: 'stale@example.test' } })).toBeNull();
  });

  test('cookie-authenticated JSON calls need the X-CSRF-Token header', async () => {
    const u = await makeUser(t, ['editor']);
    const s = await signIn(t, u);
    const res = await s.agent
      .post('/api/tokens')
      .send({ name: 'x', roles: ['editor'] })
      .expect(403);
    expect(res.body.code).toBe('csrf_failed');
    await s.agent
      .post('/api/tokens')
      .set('X-CSRF-Token', s.csrf)
      .send({ name: 'x', roles: ['editor'] })
      .expect(201);
  });

  test('the anonymous sign-in form needs its token too', async () => {
    const u = await makeUser(t, ['editor']);
    await request(t.app).post('/login').type('form').send({ email: u.email, password: u.password }).expect(403);
  });

  test('an expired session on a form post explains itself and changes nothing', async () => {
    const admin = await makeUser(t, ['admin']);
    const s = await signIn(t, admin);
    const token = csrfFromHtml((await s.agent.get('/admin/users').expect(200)).text);
    const realNow = t.booted.deps.now;
    t.booted.deps.now = () => new Date(Date.now() + t.booted.deps.config.session.absoluteMs + 1000);
    try {
      const res = await s.agent
        .post('/admin/users')
        .type('form')
        .send({ _csrf: token, email: 'late@example.test', displayName: 'Late', roles: 'editor' })
        .expect(401);
      expect(res.text).toContain('Sign in');
    } finally {
      t.booted.deps.now = realNow;
    }
    expect(await t.db.prisma.user.findUnique({ where: { email: 'late@example.test' } })).toBeNull();
  });
});
