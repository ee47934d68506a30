import { DB_KINDS } from '../support/testDb.js';
import { csrfFromHtml, makeUser, signIn, startTestApp, type TestApp } from '../support/testApp.js';

describe.each(DB_KINDS)('admin user management pages (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  test('an admin adds a user with several roles, edits them, deactivates them — all as plain forms', async () => {
    const admin = await signIn(t, await makeUser(t, ['admin']));
    const list = await admin.agent.get('/admin/users').expect(200);
    const csrf = csrfFromHtml(list.text);
    const created = await admin.agent
      .post('/admin/users')
      .type('form')
      .send(
        `_csrf=${encodeURIComponent(csrf)}&displayName=Dana+Reviewer&email=dana%40example.test&roles=editor&roles=reviewer&password=dana-long-password`,
      )
      .expect(303);
    const userPage = created.headers.location;
    expect(userPage).toMatch(/^\/admin\/users\/[0-9a-f-]{36}$/);
    const page = await admin.agent.get(userPage).expect(200);
    expect(page.text).toContain('Dana Reviewer');
    expect(page.text).toContain('user.created');
    const dana = await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'dana@example.test' } });
    expect(dana.roles.sort()).toEqual(['editor', 'reviewer']);

    const danaSession = await signIn(t, {
      id: dana.id,
      email: 'dana@example.test',
      password: 'dana-long-password',
      displayName: 'Dana Reviewer',
      roles: ['editor', 'reviewer'],
    });
    await admin.agent
      .post(userPage)
      .type('form')
      .send({ _csrf: csrfFromHtml(page.text), displayName: 'Dana R.', roles: 'reviewer', timezone: 'Europe/London' })
      .expect(303);
    const after = await t.db.prisma.user.findUniqueOrThrow({ where: { id: dana.id } });
    expect(after).toMatchObject({
      displayName: 'Dana R.',
      roles: ['reviewer'],
      active: false,
      timezone: 'Europe/London',
    });
    // Unticking "active" signed her out everywhere.
    await danaSession.agent.get('/api/auth/me').expect(401);
  });

  test('non-admins cannot open the user pages; a bad timezone is a 400 naming the field', async () => {
    const editor = await signIn(t, await makeUser(t, ['editor']));
    const res = await editor.agent.get('/admin/users').expect(403);
    expect(res.text).toContain('Not allowed');
    const admin = await signIn(t, await makeUser(t, ['admin']));
    const target = await makeUser(t, ['reviewer']);
    const page = await admin.agent.get(`/admin/users/${target.id}`).expect(200);
    const bad = await admin.agent
      .post(`/admin/users/${target.id}`)
      .type('form')
      .send({
        _csrf: csrfFromHtml(page.text),
        displayName: 'X',
        roles: 'reviewer',
        active: 'on',
        timezone: 'Mars/Olympus',
      })
      .expect(400);
    expect(bad.text).toContain('timezone');
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id: target.id } })).displayName).toBe(
      target.displayName,
    );
  });

  test('an admin cannot lock themselves out', async () => {
    const me = await makeUser(t, ['admin']);
    const admin = await signIn(t, me);
    const res = await admin.agent
      .patch(`/api/users/${me.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ active: false })
      .expect(409);
    expect(res.body.code).toBe('cannot_demote_self');
  });
});
