import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { csrfFromHtml, makeUser, signIn, startTestApp, type Session, type TestApp } from '../support/testApp.js';
import { makeReviewBriefing, type ReviewBriefing } from '../support/reviewFactory.js';

const NUL = 'a\u0000b';
const LONE = 'a\ud800b';

/** Rows a refused request must not have touched. */
async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const p = t.db.prisma;
  const [users, sources, comments, revisions, autosaves, catalogue, webhooks, audit] = await Promise.all([
    p.user.count(),
    p.source.count(),
    p.comment.count(),
    p.revision.count(),
    p.autosave.count(),
    p.catalogueItem.count(),
    p.webhookEndpoint.count(),
    p.auditEvent.count(),
  ]);
  return { users, sources, comments, revisions, autosaves, catalogue, webhooks, audit };
}

describe.each(DB_KINDS)('hostile input is refused at the boundary, never a 500 (%s)', (kind) => {
  let t: TestApp;
  let admin: Session;
  let b: ReviewBriefing;

  beforeAll(async () => {
    t = await startTestApp(kind, { WORKERS: 'false' });
    admin = await signIn(t, await makeUser(t, ['admin', 'editor', 'reviewer']));
    b = await makeReviewBriefing(t.db.prisma, { createdById: admin.user.id });
  });
  afterAll(() => t.close());

  const send = (method: 'post' | 'put' | 'patch', path: string, body: unknown) =>
    admin.agent[method](path)
      .set('X-CSRF-Token', admin.csrf)
      .send(body as object);

  /** Each case: what a person typed, with the field the 400 must name. */
  const bodies = (bad: string): [string, () => request.Test, string][] => [
    [
      'user display name',
      () => send('post', '/api/users', { email: 'n@example.test', displayName: bad, roles: ['editor'] }),
      'displayName',
    ],
    ['comment', () => send('post', `/api/briefings/${b.briefingId}/comments`, { body: bad }), 'body'],
    [
      'revision section',
      () =>
        send('post', `/api/briefings/${b.briefingId}/revisions`, {
          baseRevisionId: b.currentRevisionId,
          sections: { ourTake: [`Fine paragraph.`, bad] },
        }),
      'sections.ourTake.1',
    ],
    [
      'autosave',
      () =>
        send('put', `/api/briefings/${b.briefingId}/autosave`, {
          baseRevisionId: b.currentRevisionId,
          sections: { thirtySecondBriefing: bad },
        }),
      'sections.thirtySecondBriefing',
    ],
    [
      'request-changes reason',
      () => send('post', `/api/briefings/${b.briefingId}/request-changes`, { reason: bad }),
      'reason',
    ],
    [
      'sign-off statement',
      () =>
        send('post', `/api/briefings/${b.briefingId}/sign-off`, {
          revisionId: b.currentRevisionId,
          password: admin.user.password,
          statement: `Checked every figure ${bad}`,
        }),
      'statement',
    ],
    [
      'source title',
      () =>
        send('post', '/api/sources', { title: bad, text: 'Some text.', publisher: 'P', url: 'https://x.example/a' }),
      'title',
    ],
    ['catalogue name', () => send('post', '/api/catalogue', { kind: 'industry', name: bad }), 'name'],
    [
      'webhook description',
      () => send('post', '/api/webhooks', { url: 'https://hooks.example/x', description: bad }),
      'description',
    ],
    ['a key of an object', () => send('post', '/api/catalogue', { kind: 'industry', name: 'Mining', [bad]: 1 }), bad],
  ];

  for (const [label, bad] of [
    ['NUL', NUL],
    ['lone surrogate', LONE],
  ] as const) {
    test(`a ${label} in what a person typed: 400 naming the field, nothing stored`, async () => {
      for (const [what, call, field] of bodies(bad)) {
        const before = await rowCounts(t);
        const res = await call();
        expect({ what, status: res.status }).toEqual({ what, status: 400 });
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        expect({ what, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({
          what,
          fields: expect.arrayContaining([field]),
        });
        expect({ what, rows: await rowCounts(t) }).toEqual({ what, rows: before });
      }
    });
  }

  test('a NUL in the login email: 400 naming email', async () => {
    const res = await request(t.app).post('/api/auth/login').send({ email: 'a\u0000@example.test', password: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'email', message: expect.stringMatching(/NUL/) }]);
  });

  test('a NUL in a query value: 400 naming the parameter', async () => {
    for (const [url, field] of [
      ['/api/sources?q=a%00b', 'query.q'],
      ['/api/sources?publisher=a%00b', 'query.publisher'],
      ['/api/briefings?q=a%00b', 'query.q'],
      ['/api/sources/keyword-stats?term=a%00b', 'query.term'],
      ['/api/audit?entityType=a%00b', 'query.entityType'],
      ['/api/sources?q=%ED%A0%80', 'query.q'],
    ]) {
      const res = await admin.agent.get(url);
      expect({ url, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
        url,
        status: 400,
        fields: [field],
      });
    }
  });

  test('the public site: a NUL or invalid UTF-8 in a query or path is a 400 error page', async () => {
    for (const url of ['/search?q=a%00b', '/news/a%00b', '/tags/a%00', '/news/%C3%28', '/tags/%ED%A0%80']) {
      const res = await request(t.app).get(url).set('Accept', 'text/html');
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.headers['content-type']).toMatch(/html/);
      expect(res.text).toContain('Bad request');
    }
  });

  test('a staff page form with a NUL: 400 error page naming the field, nothing stored', async () => {
    const page = await admin.agent.get('/admin/catalogue').expect(200);
    const before = await rowCounts(t);
    const res = await admin.agent
      .post('/admin/catalogue')
      .type('form')
      .send({
        _csrf: csrfFromHtml(page.text),
        kind: 'industry',
        name: NUL,
        description: 'Mines',
        link: '',
        keywords: '',
      });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/html/);
    expect(res.text).toContain('<strong>name</strong>');
    expect(await rowCounts(t)).toEqual(before);
  });

  test('a body whose bytes are not UTF-8: 400, not silently decoded as U+FFFD', async () => {
    const before = await rowCounts(t);
    const json = await admin.agent
      .post('/api/catalogue')
      .set('X-CSRF-Token', admin.csrf)
      .set('Content-Type', 'application/json')
      .serialize((b: Buffer) => b as unknown as string)
      .send(
        Buffer.concat([
          Buffer.from('{"kind":"industry","description":"x","name":"Bad '),
          Buffer.from([0xc3, 0x28]),
          Buffer.from('"}'),
        ]),
      );
    expect(json.status).toBe(400);
    expect(json.body.errors).toEqual([{ field: 'body', message: expect.stringMatching(/UTF-8/) }]);
    const page = await admin.agent.get('/admin/catalogue').expect(200);
    const form = await admin.agent
      .post('/admin/catalogue')
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrfFromHtml(page.text))}&kind=industry&description=x&name=Bad%ED%A0%80`);
    expect(form.status).toBe(400);
    expect(form.text).toContain('<strong>name</strong>');
    expect(await rowCounts(t)).toEqual(before);
  });

  test('invalid UTF-8 in an API path: 400 naming the path', async () => {
    const res = await admin.agent.get('/api/briefings/%C3%28');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'path', message: expect.stringMatching(/UTF-8/) }]);
  });

  test('a body marked gzip that is not gzip: 400; real gzip still works', async () => {
    const before = await rowCounts(t);
    const res = await admin.agent
      .post('/api/catalogue')
      .set('X-CSRF-Token', admin.csrf)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      // superagent would otherwise serialise the Buffer as JSON.
      .serialize((b: Buffer) => b as unknown as string)
      .send(Buffer.from('this is not gzip at all'));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'body', message: expect.stringMatching(/gzip/) }]);
    expect(await rowCounts(t)).toEqual(before);
    const ok = await admin.agent
      .post('/api/catalogue')
      .set('X-CSRF-Token', admin.csrf)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize((b: Buffer) => b as unknown as string)
      .send(gzipSync(JSON.stringify({ kind: 'industry', name: 'Gzipped mining', description: 'Mines' })));
    expect(ok.body).toMatchObject({ name: 'Gzipped mining' });
    expect(ok.status).toBe(201);
  });

  test('Markdown or HTML nested thousands deep, or unclosed links: the preview answers with the text', async () => {
    for (const markdown of [
      `${'> '.repeat(4000)}deep`,
      `${'1. '.repeat(3000)}deep`,
      `${'[a]('.repeat(4999)}deep`,
      `${'<div>'.repeat(3999)}deep`,
    ]) {
      const res = await send('post', '/api/review/preview', { markdown });
      expect({ status: res.status, deep: res.body.html?.includes('deep') }).toEqual({ status: 200, deep: true });
    }
  });

  test('a webhook URL that is not a URL: 400 naming url', async () => {
    const res = await send('post', '/api/webhooks', { url: 'notaurl' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['url']);
  });

  test('filters past a column range: 400 naming the parameter', async () => {
    for (const [url, field] of [
      ['/api/audit?before=99999999999999999999', 'query.before'],
      ['/api/audit?before=-1', 'query.before'],
      ['/api/audit?entityId=1&before=1e400', 'query.before'],
    ]) {
      const res = await admin.agent.get(url);
      expect({ url, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
        url,
        status: 400,
        fields: [field],
      });
    }
  });
});
