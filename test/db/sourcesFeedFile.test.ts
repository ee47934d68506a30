import { readFileSync } from 'node:fs';
import { DB_KINDS } from '../support/testDb.js';
import { csrfFromHtml, makeUser, signIn, startTestApp, type TestApp } from '../support/testApp.js';

const FEED = readFileSync('test/fixtures/feeds/rss-parser/input/guardian.rss', 'utf8');

describe.each(DB_KINDS)('adding a saved feed file through the import page (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  test('every item becomes a searchable source; uploading it again adds nothing; a page that is not a feed is explained', async () => {
    const editor = await signIn(t, await makeUser(t, ['editor']));
    const page = await editor.agent.get('/sources/import').expect(200);
    expect(page.text).toContain('Add a feed file');
    const csrf = csrfFromHtml(page.text);

    const first = await editor.agent
      .post('/sources/feed-file')
      .type('form')
      .send({ _csrf: csrf, xml: FEED, filename: 'guardian.rss', url: '', publisher: '' })
      .expect(303);
    expect(first.headers.location).toBe('/sources');
    const added = await t.db.prisma.source.count({ where: { origin: 'feed' } });
    expect(added).toBeGreaterThan(20);
    const listing = await editor.agent.get('/sources').expect(200);
    expect(listing.text).toMatch(/\d+ added/);

    const aTitle = (await t.db.prisma.source.findFirstOrThrow({ where: { origin: 'feed' }, select: { title: true } }))
      .title;
    const word = aTitle
      .split(/\s+/)
      .find((w) => w.length > 6)!
      .replace(/[^A-Za-z]/g, '');
    const search = await editor.agent.get(`/sources?q=${encodeURIComponent(word)}`).expect(200);
    expect(search.text).toContain(aTitle.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').slice(0, 20));

    await editor.agent
      .post('/sources/feed-file')
      .type('form')
      .send({ _csrf: csrf, xml: FEED, filename: 'guardian.rss' })
      .expect(303);
    expect(await t.db.prisma.source.count({ where: { origin: 'feed' } })).toBe(added);

    const bad = await editor.agent
      .post('/sources/feed-file')
      .type('form')
      .send({ _csrf: csrf, xml: '<!doctype html><html><body><p>Hello</p></body></html>', filename: 'page.html' })
      .expect(400);
    expect(bad.text).toMatch(/role="alert"><p>[^<]*(not a feed|HTML page|web page)/i);
    expect(await t.db.prisma.source.count({ where: { origin: 'feed' } })).toBe(added);
  });

  test('reviewers cannot add sources', async () => {
    const reviewer = await signIn(t, await makeUser(t, ['reviewer']));
    const csrf = csrfFromHtml((await reviewer.agent.get('/account').expect(200)).text);
    await reviewer.agent.post('/sources/feed-file').type('form').send({ _csrf: csrf, xml: FEED }).expect(403);
  });
});
