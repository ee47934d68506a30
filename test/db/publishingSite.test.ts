import { mkdtemp, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, csrfFromHtml, startTestApp, type TestApp, actorFor } from '../support/testApp.js';
import { addRevision, exampleDraft, makeBriefing, seedExampleCatalogue } from '../support/publishingFactory.js';
import { publishBriefing } from '../../server/commands/publishing/publishBriefing.js';
import { publishCorrection } from '../../server/commands/publishing/publishCorrection.js';
import { unpublishBriefing } from '../../server/commands/publishing/unpublishBriefing.js';
import { parseFeed } from '../../server/sources/feeds/parseFeed.js';
import { listCatalogueForDrafting } from '../../server/queries/catalogue.js';
import { exportCommand } from '../../server/cli/commands/export.js';
import type { Actor } from '../../server/policies/actor.js';

const ORIGIN = 'https://news.example.test';

describe.each(DB_KINDS)('Public site, feeds, catalogue and export (%s)', (kind) => {
  let t: TestApp;
  let editor: Actor;
  beforeAll(async () => {
    t = await startTestApp(kind, { PUBLIC_URL: ORIGIN });
    await seedExampleCatalogue(t.db.prisma);
    const e = await makeUser(t, ['editor']);
    editor = actorFor(e);
    let clock = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 1; i <= 21; i++) {
      const keywords = i % 3 === 0 ? ['tunnelling', 'grout'] : ['rare earths', 'magnets'];
      const b = await makeBriefing(t.db.prisma, {
        content: exampleDraft({
          title: `Briefing number ${i} on ${keywords[0]}`,
          slugSuggestion: `briefing-${i}`,
          keywords,
        }),
      });
      clock += 3_600_000;
      const at = new Date(clock);
      await publishBriefing({ ...t.booted.deps, now: () => at }, editor, { briefingId: b.briefingId });
    }
  });
  afterAll(() => t.close());

  test('home lists the latest briefings with pagination; tag pages and search find published briefings', async () => {
    const home = await request(t.app).get('/').expect(200);
    expect(home.text).toContain('Latest briefings');
    expect(home.text).toContain('Briefing number 21 on tunnelling');
    expect(home.text).not.toContain('Briefing number 1 on rare earths<');
    expect(home.text).toContain('href="/page/2"');
    const p2 = await request(t.app).get('/page/2').expect(200);
    expect(p2.text).toContain('Briefing number 1 on rare earths');
    expect(p2.text).toContain('href="/"');

    const tag = await request(t.app).get('/tags/tunnelling').expect(200);
    expect(tag.text).toContain('7 briefings about tunnelling');
    expect(tag.text).toContain('Briefing number 21 on tunnelling');
    expect(tag.text).not.toContain('on rare earths');
    expect((await request(t.app).get('/tags/rare-earths').expect(200)).text).toContain(
      'Briefing number 20 on rare earths',
    );
    await request(t.app).get('/tags/no-such-topic').expect(404);

    const found = await request(t.app).get('/search').query({ q: 'tunnelling' }).expect(200);
    expect(found.text).toContain('Briefing number 3 on tunnelling');
    expect(found.text).not.toContain('on rare earths</a>');
    expect((await request(t.app).get('/search').query({ q: 'JL Mag' }).expect(200)).text).toContain('Briefing number');
    expect((await request(t.app).get('/search').query({ q: 'zzzunfindable' }).expect(200)).text).toContain(
      'No published briefing matches',
    );
    const tooLong = await request(t.app)
      .get('/search')
      .query({ q: 'x'.repeat(201) })
      .expect(400);
    expect(tooLong.text).toContain('q');
  });

  test("RSS 2.0, Atom 1.0 and JSON Feed 1.1 parse with the project's own feed parser and carry the required elements", async () => {
    const rss = await request(t.app).get('/feed.xml').expect(200);
    expect(rss.headers['content-type']).toMatch(/^application\/rss\+xml/);
    const parsedRss = parseFeed(Buffer.from(rss.text), { url: `${ORIGIN}/feed.xml` });
    expect(parsedRss).toMatchObject({ format: 'rss', title: 'Briefing Desk', siteUrl: `${ORIGIN}/`, problems: [] });
    expect(parsedRss.items).toHaveLength(21);
    expect(parsedRss.items[0]).toMatchObject({
      title: 'Briefing number 21 on tunnelling',
      url: `${ORIGIN}/news/briefing-21`,
      guid: `${ORIGIN}/news/briefing-21`,
    });
    expect(parsedRss.items[0].publishedAt).toEqual(new Date('2026-01-01T21:00:00Z'));
    expect(parsedRss.items[0].contentText).toContain('Reviewed by Tom Sullivan');
    for (const el of ['<title>', '<link>', '<description>', '<lastBuildDate>'])
      expect(rss.text.split('<item>')[0]).toContain(el);

    const atom = await request(t.app).get('/atom.xml').expect(200);
    const parsedAtom = parseFeed(Buffer.from(atom.text), { url: `${ORIGIN}/atom.xml` });
    expect(parsedAtom).toMatchObject({ format: 'atom', title: 'Briefing Desk', problems: [] });
    expect(parsedAtom.items[0]).toMatchObject({
      guid: `${ORIGIN}/news/briefing-21`,
      url: `${ORIGIN}/news/briefing-21`,
    });
    expect(parsedAtom.items.every((i) => i.updatedAt instanceof Date && i.title)).toBe(true);
    const feedHead = atom.text.split('<entry>')[0];
    expect(feedHead).toMatch(/<id>https:\/\/news\.example\.test\/<\/id>/);
    expect(feedHead).toMatch(/<updated>2026-01-01T21:00:00.000Z<\/updated>/);

    const json = await request(t.app).get('/feed.json').expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/feed\+json/);
    expect(JSON.parse(json.text).version).toBe('https://jsonfeed.org/version/1.1');
    const parsedJson = parseFeed(Buffer.from(json.text), { url: `${ORIGIN}/feed.json` });
    expect(parsedJson).toMatchObject({ format: 'json', title: 'Briefing Desk', problems: [] });
    expect(parsedJson.items[0].url).toBe(`${ORIGIN}/news/briefing-21`);

    // Conditional GET on feeds, and the cache follows a new publication.
    await request(t.app).get('/feed.xml').set('If-None-Match', rss.headers.etag).expect(304);
    expect(rss.headers['cache-control']).toMatch(/public, max-age=60/);
    const b = await makeBriefing(t.db.prisma, {
      content: exampleDraft({ title: 'A fresh one', slugSuggestion: 'fresh' }),
    });
    await publishBriefing(t.booted.deps, editor, { briefingId: b.briefingId });
    const after = await request(t.app).get('/feed.xml').set('If-None-Match', rss.headers.etag).expect(200);
    expect(after.text).toContain('A fresh one');
    await unpublishBriefing(t.booted.deps, editor, { briefingId: b.briefingId });
  });

  test('the publishing, catalogue and webhook API is in the OpenAPI document', async () => {
    const doc = await request(t.app).get('/api/openapi.json').expect(200);
    const paths = Object.keys(doc.body.paths);
    for (const p of [
      '/api/briefings/{id}/publish',
      '/api/briefings/{id}/corrections',
      '/api/briefings/{id}/unpublish',
      '/api/catalogue',
      '/api/webhooks',
      '/api/webhooks/deliveries/{id}/retry',
    ]) {
      expect(paths).toContain(p);
    }
  });

  test('sitemap.xml and robots.txt', async () => {
    const sm = await request(t.app).get('/sitemap.xml').expect(200);
    expect(sm.text).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(sm.text).toContain(
      `<url><loc>${ORIGIN}/news/briefing-7</loc><lastmod>2026-01-01T07:00:00.000Z</lastmod></url>`,
    );
    expect(sm.text.match(/<url>/g)).toHaveLength(22);
    const robots = await request(t.app).get('/robots.txt').expect(200);
    expect(robots.text).toContain(`Sitemap: ${ORIGIN}/sitemap.xml`);
    expect(robots.text).toContain('Disallow: /admin/');
  });

  test('the catalogue is maintained by admins (API and pages), offered to drafting, and shown on later publications only', async () => {
    expect(await listCatalogueForDrafting(t.db.prisma)).toEqual({
      industries: [
        { name: 'Mining', description: expect.stringContaining('Geotechnical software solutions') },
        { name: 'Construction', description: expect.stringContaining('Quality control software for construction') },
      ],
      products: [
        { name: 'CMRR-io', description: expect.stringContaining('coal mine roof stability') },
        { name: 'QCDB-io', description: expect.stringContaining('UCS testing') },
        { name: 'HYDROGEO-io', description: expect.stringContaining('packer tests') },
      ],
    });
    const admin = await signIn(t, await makeUser(t, ['admin']));
    const created = await admin.agent
      .post('/api/catalogue')
      .set('X-CSRF-Token', admin.csrf)
      .send({
        kind: 'product',
        name: 'TUNNEL-io',
        description: 'Tunnel face mapping.',
        link: 'https://example.com/tunnel',
        keywords: ['Tunnelling'],
      })
      .expect(201);
    expect(created.body.keywords).toEqual(['tunnelling']);
    const dup = await admin.agent
      .post('/api/catalogue')
      .set('X-CSRF-Token', admin.csrf)
      .send({ kind: 'product', name: 'tunnel-IO', description: 'x' })
      .expect(409);
    expect(dup.body.errors).toEqual([{ field: 'name', message: 'already in the catalogue' }]);
    const bad = await admin.agent
      .post('/api/catalogue')
      .set('X-CSRF-Token', admin.csrf)
      .send({ kind: 'service', name: '', description: 'x', link: 'javascript:alert(1)' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['kind', 'link', 'name']);
    const ed = await signIn(t, await makeUser(t, ['editor']));
    await ed.agent
      .post('/api/catalogue')
      .set('X-CSRF-Token', ed.csrf)
      .send({ kind: 'product', name: 'X', description: 'x' })
      .expect(403);
    expect((await ed.agent.get('/api/catalogue').expect(200)).body.items).toHaveLength(6);

    // Admin pages: edit through the form.
    const page = await admin.agent.get('/admin/catalogue').expect(200);
    expect(page.text).toContain('TUNNEL-io');
    await admin.agent
      .post(`/admin/catalogue/${created.body.id}`)
      .type('form')
      .send({
        _csrf: csrfFromHtml(page.text),
        kind: 'product',
        name: 'TUNNEL-io',
        description: 'Tunnel face mapping and convergence monitoring.',
        link: '',
        keywords: 'tunnelling, convergence',
        position: '4',
        active: 'on',
      })
      .expect(303);
    const row = await t.db.prisma.catalogueItem.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row).toMatchObject({
      description: 'Tunnel face mapping and convergence monitoring.',
      link: null,
      keywords: ['tunnelling', 'convergence'],
      position: 4,
    });

    // Already-published pages keep their snapshot; a new publication matching the keyword shows the item.
    expect((await request(t.app).get('/news/briefing-3').expect(200)).text).not.toContain('TUNNEL-io');
    const b = await makeBriefing(t.db.prisma, {
      content: exampleDraft({ slugSuggestion: 'tunnel-news', keywords: ['tunnelling'], industries: [], products: [] }),
    });
    await publishBriefing(t.booted.deps, editor, { briefingId: b.briefingId });
    const html = (await request(t.app).get('/news/tunnel-news').expect(200)).text;
    expect(html).toContain('Tunnel face mapping and convergence monitoring.');
    expect(html).toContain('Construction');
    await unpublishBriefing(t.booted.deps, editor, { briefingId: b.briefingId });
  });

  test('static export writes the whole site, and a second run rewrites only what changed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bd-export-'));
    const run = async () => {
      let text = '';
      const out = new Writable({
        write(c, _e, cb) {
          text += String(c);
          cb();
        },
      });
      const code = await exportCommand.run({ argv: [dir], config: t.booted.deps.config, db: t.db, out, err: out });
      expect(code).toBe(0);
      return text;
    };
    try {
      const first = await run();
      const m = /Exported (\d+) files .*: (\d+) written, (\d+) unchanged/.exec(first)!;
      expect(Number(m[2])).toBe(Number(m[1]));
      for (const f of [
        'index.html',
        'page/2/index.html',
        'news/briefing-5/index.html',
        'news/briefing-5/v/1/index.html',
        'tags/tunnelling/index.html',
        'feed.xml',
        'atom.xml',
        'feed.json',
        'sitemap.xml',
        'robots.txt',
        '404.html',
        'assets/css/site.css',
      ]) {
        expect((await stat(path.join(dir, f))).size).toBeGreaterThan(0);
      }
      expect(await readFile(path.join(dir, 'news/briefing-5/index.html'), 'utf8')).toBe(
        (await request(t.app).get('/news/briefing-5')).text,
      );
      await expect(stat(path.join(dir, 'news/tunnel-news/index.html'))).rejects.toThrow();

      const second = await run();
      expect(second).toMatch(/: 0 written, \d+ unchanged, 0 removed/);

      // A correction changes its article, its versions, the lists and feeds, and nothing else.
      const b = await t.db.prisma.briefing.findUniqueOrThrow({ where: { slug: 'briefing-5' }, select: { id: true } });
      await addRevision(
        t.db.prisma,
        b.id,
        exampleDraft({ title: 'Briefing number 5, corrected', keywords: ['rare earths', 'magnets'] }),
      );
      await publishCorrection(t.booted.deps, editor, { briefingId: b.id, note: 'Corrected the headline.' });
      await writeFile(path.join(dir, 'robots.txt'), 'tampered');
      const third = await run();
      const w = Number(/: (\d+) written/.exec(third)![1]);
      expect(w).toBeGreaterThan(3);
      expect(w).toBeLessThan(15);
      expect(await readFile(path.join(dir, 'robots.txt'), 'utf8')).toContain('Sitemap:');
      expect(await readFile(path.join(dir, 'news/briefing-5/v/1/index.html'), 'utf8')).toContain(
        'You are reading version 1',
      );
      expect(await readFile(path.join(dir, 'news/briefing-5/index.html'), 'utf8')).toContain('Corrected the headline.');

      await unpublishBriefing(t.booted.deps, editor, { briefingId: b.id });
      expect(await run()).toMatch(/[1-9]\d* removed/);
      await expect(stat(path.join(dir, 'news/briefing-5/index.html'))).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
