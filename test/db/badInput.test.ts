import request from 'supertest';
import { jest } from '@jest/globals';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type TestApp } from '../support/testApp.js';

describe.each(DB_KINDS)('bad input changes nothing (%s)', (kind) => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await signIn(t, await makeUser(t, ['admin']));
  });
  afterAll(() => t.close());

  const userCount = () => t.db.prisma.user.count();

  test('malformed JSON: 400 problem details naming the body', async () => {
    const before = await userCount();
    const res = await admin.agent
      .post('/api/users')
      .set('X-CSRF-Token', admin.csrf)
      .set('Content-Type', 'application/json')
      .send('{"email": "x@y.z", ')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ field: 'body', message: 'malformed JSON' }],
    });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    expect(await userCount()).toBe(before);
  });

  test('a body over the size limit: 413', async () => {
    const before = await userCount();
    const big = JSON.stringify({
      email: 'big@example.test',
      displayName: 'x'.repeat(2 * 1024 * 1024),
      roles: ['editor'],
    });
    const res = await admin.agent
      .post('/api/users')
      .set('X-CSRF-Token', admin.csrf)
      .set('Content-Type', 'application/json')
      .send(big)
      .expect(413);
    expect(res.body.code).toBe('payload_too_large');
    expect(await userCount()).toBe(before);
  });

  test('unknown fields are refused by name', async () => {
    const res = await admin.agent
      .post('/api/users')
      .set('X-CSRF-Token', admin.csrf)
      .send({ email: 'new@example.test', displayName: 'New', roles: ['editor'], isSuperuser: true })
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'isSuperuser', message: 'is not a known field' }]);
    expect(await t.db.prisma.user.findUnique({ where: { email: 'new@example.test' } })).toBeNull();
  });

  test('wrong types and bad values name each field at fault', async () => {
    const res = await admin.agent
      .post('/api/users')
      .set('X-CSRF-Token', admin.csrf)
      .send({ email: 'not-an-email', displayName: 42, roles: ['editor', 'emperor'] })
      .expect(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['displayName', 'email', 'roles.1']);
    expect(res.body.detail).toContain('email');
  });

  test('a bad path parameter is a 400 naming it, not a database error', async () => {
    const res = await admin.agent.get('/api/users/not-a-uuid').expect(400);
    expect(res.body.errors).toEqual([{ field: 'params.id', message: 'must be a UUID' }]);
  });

  test('a duplicate email is a 409 naming the field, and the first user is untouched', async () => {
    const u = await makeUser(t, ['editor']);
    const res = await admin.agent
      .post('/api/users')
      .set('X-CSRF-Token', admin.csrf)
      .send({ email: u.email, displayName: 'Impostor', roles: ['admin'] })
      .expect(409);
    expect(res.body.errors).toEqual([{ field: 'email', message: 'already in use' }]);
    const still = await t.db.prisma.user.findUniqueOrThrow({ where: { email: u.email } });
    expect(still.displayName).toBe(u.displayName);
    expect(still.roles).toEqual(['editor']);
  });

  test('unknown API paths are problem+json 404s; unknown pages are themed HTML 404s', async () => {
    const api = await request(t.app).get('/api/nope').expect(404);
    expect(api.headers['content-type']).toMatch(/problem\+json/);
    const page = await request(t.app).get('/nope').set('Accept', 'text/html').expect(404);
    expect(page.headers['content-type']).toMatch(/html/);
    expect(page.text).toContain('<h1>Not found</h1>');
  });

  test('an unexpected error is logged with the request id and shown as a generic message', async () => {
    const res = await admin.agent.get('/api/audit?before=not-a-number').expect(400);
    expect(res.body.errors[0].field).toBe('query.before');
    const spy = jest
      .spyOn(t.db.prisma.user, 'findMany')
      .mockRejectedValueOnce(new Error('secret internal detail: connection reset'));
    const boom = await admin.agent.get('/api/users').expect(500);
    spy.mockRestore();
    expect(boom.body.code).toBe('internal_error');
    expect(boom.body.detail).not.toContain('secret internal detail');
    expect(boom.body.detail).toContain(boom.headers['x-request-id']);
    const logged = t.logs.find((l) => l.includes('secret internal detail'));
    expect(logged).toBeDefined();
    expect(logged).toContain(boom.headers['x-request-id']);
  });
});
