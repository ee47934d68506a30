import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { csrfFromHtml, makeUser, signIn, startTestApp, type Session, type TestApp } from '../support/testApp.js';
import { startFeedServer, type FeedServer } from '../support/feedServer.js';

const PAGE = 'test/fixtures/articles/readability-test-pages/guardian-1/source.html';
const CANONICAL =
  'https://www.theguardian.com/environment/2019/jan/03/what-is-the-sea-telling-us-maori-tribes-fearful-over-whale-strandings';
/** Same rules as review-ui/public/js/sources-import.js. */
function trimSavedPage(page: string): string {
  return page
    .replace(/<script\b(?![^>]*application\/ld\+json)[^>]*>[\s\S]*?<\/script>/gi, '')
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '');
}

const LONG_TEXT =
  'The state mine inspector said the new ventilation rules for underground coal mines would take effect next spring after a public comment period. '.repeat(
    4,
  );

describe.each(DB_KINDS)('sources API and pages (%s)', (kind) => {
  let t: TestApp;
  let srv: FeedServer;
  let editor: Session;
  let reviewer: Session;
  let html: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { SOURCES_ALLOW_PRIVATE_FETCH: 'true', WORKERS: 'false' });
    srv = await startFeedServer();
    html = await readFile(PAGE, 'utf8');
    srv.routes.set('/article', { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html });
    srv.routes.set('/no-article', {
      headers: { 'Content-Type': 'text/html' },
      body: '<html><head><title>Login</title></head><body><form><input name=u></form></body></html>',
    });
    editor = await signIn(t, await makeUser(t, ['editor']));
    reviewer = await signIn(t, await makeUser(t, ['reviewer']));
  });
  afterAll(async () => {
    await srv.close();
    await t.close();
  });

  test('POST /api/sources: validation errors name the field and store nothing', async () => {
    const before = await t.db.prisma.source.count();
    const res = await editor.agent
      .post('/api/sources')
      .set('X-CSRF-Token', editor.csrf)
      .send({ title: 'x', text: 'y', url: 'ftp://nope', colour: 'red' })
      .expect(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['colour', 'publisher', 'url']);
    const noText = await editor.agent
      .post('/api/sources')
      .set('X-CSRF-Token', editor.csrf)
      .send({ title: 'x', publisher: 'P' })
      .expect(400);
    expect(noText.body.errors).toEqual([{ field: 'text', message: 'is required (give "text" or "body")' }]);
    expect(await t.db.prisma.source.count()).toBe(before);
  });

  test('POST /api/sources adds (201), then the same URL is unchanged (200); reviewers may read but not write', async () => {
    const body = {
      title: 'Ventilation rules for coal mines',
      text: LONG_TEXT,
      publisher: 'State News',
      url: 'https://news.example/ventilation?utm_campaign=x',
      publishedAt: '2008-03-01',
    };
    const first = await editor.agent.post('/api/sources').set('X-CSRF-Token', editor.csrf).send(body).expect(201);
    expect(first.body).toMatchObject({
      outcome: 'added',
      canonicalUrl: 'https://news.example/ventilation',
      duplicateOfId: null,
    });
    const again = await editor.agent
      .post('/api/sources')
      .set('X-CSRF-Token', editor.csrf)
      .send({ ...body, url: 'https://news.example/ventilation' })
      .expect(200);
    expect(again.body).toMatchObject({ outcome: 'unchanged', id: first.body.id });
    await reviewer.agent.post('/api/sources').set('X-CSRF-Token', reviewer.csrf).send(body).expect(403);
    const detail = await reviewer.agent.get(`/api/sources/${first.body.id}`).expect(200);
    expect(detail.body).toMatchObject({
      title: body.title,
      origin: 'api',
      publisher: 'State News',
      can: { manage: false },
    });
    const archive = await reviewer.agent
      .get(`/api/sources/${first.body.id}/archives/${detail.body.archives[0].id}`)
      .expect(200);
    expect(JSON.parse(archive.body.body)).toMatchObject({ url: body.url });
    await request(t.app).get('/api/sources').expect(401);
  });

  test('POST /api/sources/import: a compressed raw upload is refused naming body, and no run is recorded', async () => {
    const runs = await t.db.prisma.importRun.count();
    const line = JSON.stringify({ title: 'Zipped', body: 'Sent compressed. '.repeat(20), publisher: 'Desk' });
    const res = await editor.agent
      .post('/api/sources/import')
      .set('X-CSRF-Token', editor.csrf)
      .set('Content-Type', 'application/x-ndjson')
      .set('Content-Encoding', 'gzip')
      .send(gzipSync(line))
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('gzip') }]);
    expect(await t.db.prisma.importRun.count()).toBe(runs);
  });

  test('POST /api/sources/import takes a raw JSON Lines body and reports bad lines; re-import adds nothing', async () => {
    const lines = [
      JSON.stringify({
        id: 'a1',
        title: 'Uranium mill licence renewed',
        body: 'The uranium mill licence was renewed for ten years after the regulator reviewed groundwater monitoring results. '.repeat(
          3,
        ),
        publisher: 'Desk',
        published_at: '2007-05-01',
      }),
      JSON.stringify({ id: 'a2', title: 'Bad date', body: 'x', publisher: 'Desk', published_at: 'yesterday' }),
      JSON.stringify({
        id: 'a3',
        title: 'Refinery capacity grows',
        body: 'Refinery capacity on the Gulf coast grew by two percent as new units came online this quarter. '.repeat(
          3,
        ),
        publisher: 'Desk',
      }),
    ].join('\n');
    const res = await editor.agent
      .post('/api/sources/import?filename=desk.jsonl')
      .set('X-CSRF-Token', editor.csrf)
      .set('Content-Type', 'application/x-ndjson')
      .send(lines)
      .expect(201);
    expect(res.body).toMatchObject({ total: 3, added: 2, errors: [{ line: 2, field: 'published_at' }] });
    const again = await editor.agent
      .post('/api/sources/import')
      .set('X-CSRF-Token', editor.csrf)
      .send({ content: lines, filename: 'desk.jsonl' })
      .expect(201);
    expect(again.body).toMatchObject({ added: 0, unchanged: 2 });
    const run = await editor.agent.get(`/api/imports/${again.body.importRunId}`).expect(200);
    expect(run.body.errors[0]).toMatchObject({ line: 2, field: 'published_at' });
    const bad = await editor.agent
      .post('/api/sources/import')
      .set('X-CSRF-Token', editor.csrf)
      .set('Content-Type', 'image/png')
      .send(Buffer.from('x'))
      .expect(400);
    expect(bad.body.errors[0].field).toBe('body');
  });

  test('page ingest: an article URL is fetched and extracted; a page without an article is a clear 400', async () => {
    const res = await editor.agent
      .post('/api/sources/page')
      .set('X-CSRF-Token', editor.csrf)
      .send({ url: srv.url('/article') })
      .expect(201);
    expect(res.body.canonicalUrl).toBe(CANONICAL);
    const none = await editor.agent
      .post('/api/sources/page')
      .set('X-CSRF-Token', editor.csrf)
      .send({ url: srv.url('/no-article') })
      .expect(400);
    expect(none.body.code).toBe('no_article');
    expect(none.body.errors).toEqual([{ field: 'url', message: expect.stringContaining('No article') }]);
  });

  test('a page that cannot be fetched or has no article: the 400 names url or html, and stores nothing', async () => {
    const before = await t.db.prisma.source.count();
    const cases: [string, object, string, string][] = [
      ['/api/sources/page', { url: srv.url('/missing') }, 'url', 'upstream_http_error'],
      ['/api/sources/page', { url: 'http://unresolvable.invalid/x' }, 'url', ''],
      ['/api/sources/saved-page', { url: CANONICAL, html: '<p>Sign in</p>' }, 'html', 'no_article'],
    ];
    for (const [path, body, field, code] of cases) {
      const res = await editor.agent.post(path).set('X-CSRF-Token', editor.csrf).send(body);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      if (code) expect(res.body.code).toBe(code);
      expect({ path, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
        path,
        fields: [field],
      });
    }
    expect(await t.db.prisma.source.count()).toBe(before);
  });

  test('a saved article page added through the UI is deduplicated by canonical URL, searchable and shows provenance and collation', async () => {
    const page = await editor.agent.get('/sources/import').expect(200);
    const csrf = csrfFromHtml(page.text);
    expect(page.text).toContain('/assets/js/sources-import.js');
    // What sources-import.js puts in the form: the saved file minus scripts and styles.
    const trimmed = trimSavedPage(html);
    expect(trimmed.length).toBeLessThan(1_000_000);
    const saved = await editor.agent
      .post('/sources/saved-page')
      .type('form')
      .send({ _csrf: csrf, url: `${CANONICAL}?utm_source=twitter`, html: trimmed })
      .expect(303);
    const id = saved.headers.location.split('/').pop();
    const existing = await t.db.prisma.source.findFirstOrThrow({
      where: { canonicalUrl: CANONICAL },
      select: { id: true },
    });
    expect(id).toBe(existing.id); // the page fetched by URL earlier: same canonical URL, one source
    expect(await t.db.prisma.source.count({ where: { canonicalUrl: CANONICAL } })).toBe(1);

    const search = await editor.agent.get('/sources?q=whale+strand*').expect(200);
    expect(search.text).toContain('What is the sea telling us?');
    const detail = await editor.agent.get(`/sources/${id}`).expect(200);
    expect(detail.text).toContain('Provenance');
    expect(detail.text).toContain('Collation');
    expect(detail.text).toContain('Keyword statistics');
    const archiveId = /\/archives\/([0-9a-f-]{36})/.exec(detail.text)![1];
    const raw = await editor.agent.get(`/sources/${id}/archives/${archiveId}`).expect(200);
    expect(raw.text).toContain('&lt;');
    expect(raw.text).not.toContain('<script src="https://');

    const noUrl = await editor.agent
      .post('/sources/saved-page')
      .type('form')
      .send({ _csrf: csrf, url: 'not a url', html: trimmed })
      .expect(400);
    expect(noUrl.text).toContain('must be the http(s) address');
    await editor.agent.post('/sources/saved-page').type('form').send({ url: CANONICAL, html: trimmed }).expect(403);
  });

  test('import through the UI form shows the per-line report', async () => {
    const page = await editor.agent.get('/sources/import').expect(200);
    const csrf = csrfFromHtml(page.text);
    const content =
      'title,body,publisher,published_at\nPipeline approved,"The pipeline was approved by the commission after two years of review and hearings.",Desk,2006-01-01\n,no title,Desk,2006-01-02\n';
    const res = await editor.agent
      .post('/sources/import')
      .type('form')
      .send({ _csrf: csrf, content, filename: 'desk.csv', format: 'auto' })
      .expect(303);
    const report = await editor.agent.get(res.headers.location).expect(200);
    expect(report.text).toMatch(/<td>3<\/td><td>title<\/td><td>is required<\/td>/);
    const empty = await editor.agent
      .post('/sources/import')
      .type('form')
      .send({ _csrf: csrf, content: '' })
      .expect(400);
    expect(empty.text).toContain('content');
    await reviewer.agent.get('/sources/import').expect(403);
    await reviewer.agent.get('/sources').expect(200);
  });

  test('keyword statistics and collation over the API; search query validation names the field', async () => {
    const stats = await reviewer.agent
      .get('/api/sources/keyword-stats')
      .query({ term: 'ventilation rules' })
      .expect(200);
    expect(stats.body.matches).toBe(1);
    const windowed = await reviewer.agent
      .get('/api/sources/keyword-stats')
      .query({ term: 'ventilation rules', from: '2009-01-01' })
      .expect(200);
    expect(windowed.body.matches).toBe(0);
    const lead = await t.db.prisma.source.findFirstOrThrow({
      where: { canonicalUrl: 'https://news.example/ventilation' },
      select: { id: true },
    });
    const c = await reviewer.agent
      .get(`/api/sources/${lead.id}/collation`)
      .query({ k: 3, tokenBudget: 200 })
      .expect(200);
    expect(c.body.lead.id).toBe(lead.id);
    expect(c.body.tokenCount).toBeLessThanOrEqual(200);
    const bad = await reviewer.agent.get('/api/sources').query({ from: '2020-13-45', pageSize: 1000 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.from', 'query.pageSize']);
    const doc = await request(t.app).get('/api/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/sources', '/api/sources/import', '/api/feeds', '/api/feeds/{id}/poll']),
    );
  });
});
