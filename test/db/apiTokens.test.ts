import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type TestApp } from '../support/testApp.js';

describe.each(DB_KINDS)('API tokens and record visibility (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  test('a token is shown once, stored hashed, works as a Bearer credential and is scoped to its roles', async () => {
    const u = await makeUser(t, ['editor', 'reviewer']);
    const s = await signIn(t, u);
    const created = await s.agent
      .post('/api/tokens')
      .set('X-CSRF-Token', s.csrf)
      .send({ name: 'importer', roles: ['reviewer'] })
      .expect(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^bdt_/);
    const row = await t.db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(JSON.stringify(row)).not.toContain(token);
    const listed = await s.agent.get(`/api/tokens/${created.body.id}`).expect(200);
    expect(listed.body.token).toBeUndefined();
    expect(listed.body.prefix).toBe(token.slice(0, 10));

    const me = await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toMatchObject({ email: u.email, roles: ['reviewer'], via: 'token' });
    // Token calls need no CSRF token (browsers never attach it on their own)...
    // ...but a token may not manage tokens, which would let it outlive its own revocation.
    await request(t.app)
      .post('/api/tokens')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'child', roles: ['reviewer'] })
      .expect(403);
  });

  test('a token cannot carry a role its owner does not hold', async () => {
    const u = await makeUser(t, ['reviewer']);
    const s = await signIn(t, u);
    const res = await s.agent
      .post('/api/tokens')
      .set('X-CSRF-Token', s.csrf)
      .send({ name: 'x', roles: ['admin'] })
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'roles', message: 'not held by you: admin' }]);
  });

  test('a token scoped to reviewer cannot use editor-or-admin routes even if its owner could', async () => {
    const admin = await makeUser(t, ['admin']);
    const s = await signIn(t, admin);
    const created = await s.agent
      .post('/api/tokens')
      .set('X-CSRF-Token', s.csrf)
      .send({ name: 'limited', roles: [] })
      .expect(400);
    expect(created.body.errors[0].field).toBe('roles');
    const editorToken = await makeUser(t, ['editor', 'admin']);
    const s2 = await signIn(t, editorToken);
    const tok = (
      await s2.agent
        .post('/api/tokens')
        .set('X-CSRF-Token', s2.csrf)
        .send({ name: 'e', roles: ['editor'] })
        .expect(201)
    ).body.token;
    await request(t.app).get('/api/users').set('Authorization', `Bearer ${tok}`).expect(403);
  });

  test('revoking a token stops it at once; a bad token is a 401, not anonymous access', async () => {
    const u = await makeUser(t, ['editor']);
    const s = await signIn(t, u);
    const created = await s.agent
      .post('/api/tokens')
      .set('X-CSRF-Token', s.csrf)
      .send({ name: 'temp', roles: ['editor'] })
      .expect(201);
    await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${created.body.token}`).expect(200);
    await s.agent.delete(`/api/tokens/${created.body.id}`).set('X-CSRF-Token', s.csrf).expect(204);
    const res = await request(t.app)
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${created.body.token}`)
      .expect(401);
    expect(res.body.code).toBe('unauthenticated');
    await request(t.app).get('/api/openapi.json').set('Authorization', 'Bearer bdt_forged').expect(401);
  });

  test('demoting the owner demotes the token', async () => {
    const admin = await makeUser(t, ['admin']);
    const a = await signIn(t, admin);
    const u = await makeUser(t, ['editor', 'reviewer']);
    const s = await signIn(t, u);
    const tok = (
      await s.agent
        .post('/api/tokens')
        .set('X-CSRF-Token', s.csrf)
        .send({ name: 'both', roles: ['editor', 'reviewer'] })
        .expect(201)
    ).body.token;
    await a.agent
      .patch(`/api/users/${u.id}`)
      .set('X-CSRF-Token', a.csrf)
      .send({ roles: ['reviewer'] })
      .expect(200);
    const me = await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${tok}`).expect(200);
    expect(me.body.roles).toEqual(['reviewer']);
  });

  test("other people's tokens and user records answer 404, exactly like ones that do not exist", async () => {
    const alice = await makeUser(t, ['editor']);
    const bob = await makeUser(t, ['editor']);
    const sa = await signIn(t, alice);
    const sb = await signIn(t, bob);
    const tokenId = (
      await sa.agent
        .post('/api/tokens')
        .set('X-CSRF-Token', sa.csrf)
        .send({ name: 'mine', roles: ['editor'] })
        .expect(201)
    ).body.id;
    const hidden = await sb.agent.get(`/api/tokens/${tokenId}`).expect(404);
    const missing = await sb.agent.get('/api/tokens/00000000-0000-4000-8000-000000000000').expect(404);
    expect(hidden.body.detail).toBe(missing.body.detail);
    await sb.agent.delete(`/api/tokens/${tokenId}`).set('X-CSRF-Token', sb.csrf).expect(404);
    await sa.agent.get(`/api/tokens/${tokenId}`).expect(200);
    await sb.agent.get(`/api/users/${alice.id}`).expect(404);
    await sb.agent.get(`/api/users/${bob.id}`).expect(200);
    const admin = await signIn(t, await makeUser(t, ['admin']));
    await admin.agent.get(`/api/users/${alice.id}`).expect(200);
    await admin.agent.get(`/api/tokens/${tokenId}`).expect(200);
  });

  test('role checks: a reviewer may not list users; anonymous callers get 401', async () => {
    const r = await signIn(t, await makeUser(t, ['reviewer']));
    const res = await r.agent.get('/api/users').expect(403);
    expect(res.body).toMatchObject({ status: 403, code: 'forbidden' });
    await request(t.app).get('/api/users').expect(401);
  });

  test('the token page creates a token through a plain form and shows it once', async () => {
    const u = await makeUser(t, ['reviewer']);
    const s = await signIn(t, u);
    const page = await s.agent.get('/account').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await s.agent
      .post('/account/tokens')
      .type('form')
      .send({ _csrf: csrf, name: 'from the form', roles: 'reviewer' })
      .expect(200);
    const shown = /<code class="token" data-copy>(bdt_[^<]+)<\/code>/.exec(res.text)![1];
    await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${shown}`).expect(200);
    const again = await s.agent.get('/account').expect(200);
    expect(again.text).not.toContain(shown);
    expect(again.text).toContain('from the form');
  });
});
