import { once } from 'node:events';
import http, { type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { csrfFromHtml, makeUser, signIn, startTestApp, type TestApp, actorFor } from '../support/testApp.js';
import { addRevision, exampleDraft, makeBriefing, seedExampleCatalogue } from '../support/publishingFactory.js';
import { publishBriefing } from '../../server/commands/publishing/publishBriefing.js';
import { publishCorrection } from '../../server/commands/publishing/publishCorrection.js';
import { unpublishBriefing } from '../../server/commands/publishing/unpublishBriefing.js';
import type { Actor } from '../../server/policies/actor.js';
import type { AppDeps } from '../../server/deps.js';
import { DEFAULT_DISCLOSURE } from '../../server/env.js';

describe.each(DB_KINDS)('Publishing: publish, article page, refusals (%s)', (kind) => {
  let t: TestApp;
  let deps: AppDeps;
  let editor: Actor;
  beforeAll(async () => {
    t = await startTestApp(kind, { PUBLIC_URL: 'https://news.example.test' });
    deps = t.booted.deps;
    await seedExampleCatalogue(t.db.prisma);
    editor = actorFor(await makeUser(t, ['editor'], { displayName: 'Elena Editor' }));
  });
  afterAll(() => t.close());

  test('the article page carries every element of the example, rendered once from the signed-off revision', async () => {
    const s = await signIn(t, await makeUser(t, ['editor']));
    const b = await makeBriefing(t.db.prisma);
    const res = await s.agent
      .post(`/api/briefings/${b.briefingId}/publish`)
      .set('X-CSRF-Token', s.csrf)
      .send({})
      .expect(201);
    expect(res.body).toMatchObject({
      version: 1,
      slug: 'china-rare-earth-licences-supply-risk',
      path: '/news/china-rare-earth-licences-supply-risk',
    });

    const page = await request(t.app).get(res.body.path).expect(200);
    const html = page.text;
    expect(html).toContain(
      '<h1>China’s first streamlined rare earth licences: supply risk notes for project teams</h1>',
    );
    expect(html).toMatch(/Reviewed by <strong class="reviewer">Tom Sullivan<\/strong>/);
    expect(html).toMatch(
      /First reported on <a href="https:\/\/www\.mining\.com\/story-\d+" rel="nofollow noopener">MINING\.com<\/a>/,
    );
    for (const h of [
      '30 Second Briefing',
      'Technical Brief',
      'Our Take',
      'Related Articles',
      'Related Industries &amp; Products',
    ])
      expect(html).toContain(h);
    expect(html).toContain('<li>2025 shipments remained about <strong>20%</strong> down year-on-year.</li>');
    expect(html).toContain(DEFAULT_DISCLOSURE.replace(/&/g, '&amp;'));
    // The revision chose Mining and CMRR-io; nothing in it matches Construction or the other products.
    expect(html).toContain('Geotechnical software solutions for mining operations');
    expect(html).toContain('Streamline coal mine roof stability assessments');
    expect(html).not.toContain('HYDROGEO-io');
    expect(html).toContain(
      '<link rel="canonical" href="https://news.example.test/news/china-rare-earth-licences-supply-risk">',
    );
    expect(html).toContain(
      '<meta property="og:title" content="China’s first streamlined rare earth licences: supply risk notes for project teams">',
    );
    expect(html).toContain('<meta name="twitter:card" content="summary">');
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)![1]);
    expect(ld).toMatchObject({
      '@type': 'NewsArticle',
      editor: { '@type': 'Person', name: 'Tom Sullivan' },
      url: 'https://news.example.test/news/china-rare-earth-licences-supply-risk',
    });
    expect(html).toMatch(/Published <time datetime="[^"]+">\d{1,2} \w+ \d{4}<\/time>/);

    // Served from storage with validators; a revalidation answers 304.
    expect(page.headers['cache-control']).toMatch(/public, max-age=60/);
    expect(page.headers['last-modified']).toBeTruthy();
    const stored = await t.db.prisma.publication.findFirstOrThrow({
      where: { briefingId: b.briefingId },
      select: { html: true, etag: true, bodyText: true },
    });
    expect(stored.html).toBe(html);
    expect(stored.bodyText).toContain('JL Mag Rare Earth');
    const plain = await request(t.app).get(res.body.path).set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers.etag).toBe(stored.etag);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(stored.html));
    await request(t.app)
      .get(res.body.path)
      .set('Accept-Encoding', 'identity')
      .set('If-None-Match', stored.etag)
      .expect(304);

    // Browsers get the same bytes compressed, with a validator of their own for each encoding.
    const server = t.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      for (const coding of ['br', 'gzip'] as const) {
        const raw = await rawGet(server, res.body.path, { 'accept-encoding': coding });
        expect(raw.status).toBe(200);
        expect(raw.headers['content-encoding']).toBe(coding);
        expect(raw.headers.vary).toBe('Accept-Encoding');
        expect(raw.headers.etag).not.toBe(stored.etag);
        expect(raw.body.length).toBeLessThan(Buffer.byteLength(stored.html) / 2);
        expect((coding === 'br' ? brotliDecompressSync(raw.body) : gunzipSync(raw.body)).toString('utf8')).toBe(
          stored.html,
        );
        expect(
          (
            await rawGet(server, res.body.path, {
              'accept-encoding': coding,
              'if-none-match': String(raw.headers.etag),
            })
          ).status,
        ).toBe(304);
      }
    } finally {
      server.close();
    }
    // The public site carries the same security headers as the staff pages.
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-request-id']).toBeTruthy();

    const briefing = await t.db.prisma.briefing.findUniqueOrThrow({
      where: { id: b.briefingId },
      select: { state: true, slug: true },
    });
    expect(briefing).toEqual({ state: 'published', slug: 'china-rare-earth-licences-supply-risk' });
    const audit = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { entityId: b.briefingId, action: 'briefing.published' },
    });
    expect(audit.data).toMatchObject({ version: 1 });
    const events = await t.db.prisma.outboxEvent.findMany({ where: { briefingId: b.briefingId } });
    expect(events.map((e) => e.type)).toEqual(['published']);
  });

  test('publishing is refused, with the reason, for unsigned, stale, unapproved or already-live briefings, and by reviewers', async () => {
    const s = await signIn(t, await makeUser(t, ['editor']));
    const post = (id: string) => s.agent.post(`/api/briefings/${id}/publish`).set('X-CSRF-Token', s.csrf).send({});
    const unsigned = await makeBriefing(t.db.prisma, { signed: false });
    expect((await post(unsigned.briefingId).expect(409)).body).toMatchObject({
      code: 'not_signed_off',
      detail: expect.stringContaining('has not been signed off'),
    });
    const stale = await makeBriefing(t.db.prisma, { staleSignOff: true });
    expect((await post(stale.briefingId).expect(409)).body).toMatchObject({
      code: 'sign_off_stale',
      detail: expect.stringContaining('content hash no longer matches'),
    });
    const inReview = await makeBriefing(t.db.prisma, { state: 'in_review' });
    expect((await post(inReview.briefingId).expect(409)).body).toMatchObject({
      code: 'not_approved',
      detail: expect.stringContaining('in review'),
    });
    await post('00000000-0000-4000-8000-000000000000').expect(404);
    const bad = await s.agent
      .post(`/api/briefings/${unsigned.briefingId}/publish`)
      .set('X-CSRF-Token', s.csrf)
      .send({ slug: 'Not A Slug!' })
      .expect(400);
    expect(bad.body.errors[0].field).toBe('slug');

    const ok = await makeBriefing(t.db.prisma, {
      content: exampleDraft({ slugSuggestion: 'second-one', title: 'Second' }),
    });
    await post(ok.briefingId).expect(201);
    expect((await post(ok.briefingId).expect(409)).body.code).toBe('already_published');

    const r = await signIn(t, await makeUser(t, ['reviewer']));
    const rb = await makeBriefing(t.db.prisma);
    await r.agent.post(`/api/briefings/${rb.briefingId}/publish`).set('X-CSRF-Token', r.csrf).send({}).expect(403);

    for (const id of [unsigned, stale, inReview, rb].map((x) => x.briefingId)) {
      expect(await t.db.prisma.publication.count({ where: { briefingId: id } })).toBe(0);
      expect(await t.db.prisma.outboxEvent.count({ where: { briefingId: id } })).toBe(0);
    }
  });

  test('a publish that dies after writing the publication leaves nothing behind', async () => {
    await t.db.prisma.webhookEndpoint.create({
      data: { url: 'https://hooks.example.test/x', secret: 's', events: ['published'] },
    });
    const b = await makeBriefing(t.db.prisma, { content: exampleDraft({ slugSuggestion: 'atomic-check' }) });
    const auditBefore = await t.db.prisma.auditEvent.count();
    await expect(
      publishBriefing(
        deps,
        editor,
        { briefingId: b.briefingId },
        {
          afterInsert: async (tx) => {
            expect(await tx.publication.count({ where: { briefingId: b.briefingId } })).toBe(1);
            throw new Error('killed mid-publish');
          },
        },
      ),
    ).rejects.toThrow('killed mid-publish');
    expect(await t.db.prisma.publication.count({ where: { briefingId: b.briefingId } })).toBe(0);
    expect(
      await t.db.prisma.briefing.findUniqueOrThrow({
        where: { id: b.briefingId },
        select: { state: true, slug: true },
      }),
    ).toEqual({ state: 'approved', slug: null });
    expect(await t.db.prisma.outboxEvent.count({ where: { briefingId: b.briefingId } })).toBe(0);
    expect(await t.db.prisma.webhookDelivery.count()).toBe(0);
    expect(await t.db.prisma.auditEvent.count()).toBe(auditBefore);
    await request(t.app).get('/news/atomic-check').expect(404);

    // A correction that dies the same way leaves version 1 live and untouched.
    await publishBriefing(deps, editor, { briefingId: b.briefingId });
    const v1 = await request(t.app).get('/news/atomic-check').expect(200);
    await addRevision(
      t.db.prisma,
      b.briefingId,
      exampleDraft({ slugSuggestion: 'atomic-check', title: 'Corrected title' }),
    );
    await expect(
      publishCorrection(
        deps,
        editor,
        { briefingId: b.briefingId, note: 'Fixed the title.' },
        {
          afterInsert: () => Promise.reject(new Error('killed')),
        },
      ),
    ).rejects.toThrow('killed');
    const after = await request(t.app).get('/news/atomic-check').expect(200);
    expect(after.text).toBe(v1.text);
    expect(await t.db.prisma.publication.count({ where: { briefingId: b.briefingId } })).toBe(1);
    await t.db.prisma.webhookEndpoint.deleteMany();
  });

  test('a published page is a snapshot: later catalogue, disclosure and revision changes do not alter it', async () => {
    const b = await makeBriefing(t.db.prisma, { content: exampleDraft({ slugSuggestion: 'snapshot-check' }) });
    await publishBriefing(deps, editor, { briefingId: b.briefingId });
    const before = (await request(t.app).get('/news/snapshot-check').expect(200)).text;
    await t.db.prisma.catalogueItem.update({
      where: { kind_name: { kind: 'industry', name: 'Mining' } },
      data: { description: 'Changed later.' },
    });
    await t.db.prisma.setting.create({ data: { key: 'site.disclosure', value: 'A different disclosure.' } });
    await addRevision(t.db.prisma, b.briefingId, exampleDraft({ title: 'Edited after publication' }), {
      signed: false,
      state: 'in_review',
    });
    const after = (await request(t.app).get('/news/snapshot-check').expect(200)).text;
    expect(after).toBe(before);
    expect(after).toContain('Geotechnical software solutions for mining operations');

    // The next publication picks up the configured disclosure.
    const next = await makeBriefing(t.db.prisma, { content: exampleDraft({ slugSuggestion: 'after-setting' }) });
    await publishBriefing(deps, editor, { briefingId: next.briefingId });
    expect((await request(t.app).get('/news/after-setting').expect(200)).text).toContain(
      '<p class="disclosure">A different disclosure.</p>',
    );
    await t.db.prisma.setting.delete({ where: { key: 'site.disclosure' } });
    await t.db.prisma.catalogueItem.update({
      where: { kind_name: { kind: 'industry', name: 'Mining' } },
      data: {
        description:
          'Geotechnical software solutions for mining operations including CMRR analysis, hydrogeological testing, and data management.',
      },
    });
  });

  test('related articles are other live briefings ranked by shared keywords', async () => {
    const a = await makeBriefing(t.db.prisma, {
      content: exampleDraft({
        title: 'Lithium brine permits',
        slugSuggestion: 'lithium-brine',
        keywords: ['lithium', 'permits', 'brine'],
      }),
    });
    const c = await makeBriefing(t.db.prisma, {
      content: exampleDraft({ title: 'Lithium prices', slugSuggestion: 'lithium-prices', keywords: ['lithium'] }),
    });
    await publishBriefing(deps, editor, { briefingId: a.briefingId });
    await publishBriefing(deps, editor, { briefingId: c.briefingId });
    const d = await makeBriefing(t.db.prisma, {
      content: exampleDraft({
        title: 'Brine permits in Chile',
        slugSuggestion: 'chile-brine',
        keywords: ['Lithium', 'Brine', 'permits'],
      }),
    });
    await publishBriefing(deps, editor, { briefingId: d.briefingId });
    const html = (await request(t.app).get('/news/chile-brine').expect(200)).text;
    const related = html.slice(html.indexOf('Related Articles'));
    expect(related.indexOf('Lithium brine permits')).toBeGreaterThan(-1);
    expect(related.indexOf('Lithium brine permits')).toBeLessThan(related.indexOf('Lithium prices'));
  });

  test('markup and script in draft text cannot reach the page or escape the JSON-LD block', async () => {
    const b = await makeBriefing(t.db.prisma, {
      content: exampleDraft({
        title: 'Evil </script><script>alert(1)</script> title',
        slugSuggestion: 'xss-check',
        thirtySecondBriefing:
          'Hello <img src=x onerror=alert(1)> [click](javascript:alert(1)) <script>alert(2)</script>',
      }),
    });
    await publishBriefing(deps, editor, { briefingId: b.briefingId });
    const html = (await request(t.app).get('/news/xss-check').expect(200)).text;
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toContain('onerror');
    expect(html).not.toContain('javascript:');
    const ld = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)![1];
    expect(ld).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(ld).headline).toContain('</script>');
  });

  test('unknown slugs get the themed 404', async () => {
    const res = await request(t.app).get('/news/no-such-briefing').expect(404);
    expect(res.text).toContain('class="site"');
    expect(res.text).toContain('Page not found');
    await request(t.app).get('/news/x/v/abc').expect(404);
    await request(t.app).get('/page/999').expect(404);
  });
});

describe.each(DB_KINDS)('Publishing: corrections, versions, slugs, unpublish (%s)', (kind) => {
  let t: TestApp;
  let deps: AppDeps;
  let editor: Actor;
  beforeAll(async () => {
    t = await startTestApp(kind);
    deps = t.booted.deps;
    editor = actorFor(await makeUser(t, ['editor']));
  });
  afterAll(() => t.close());

  test('a correction publishes version 2 with a dated note, keeps version 1 reachable, and a new slug redirects (301)', async () => {
    let clock = new Date('2026-03-01T09:00:00Z');
    const timed = { ...deps, now: () => clock };
    const b = await makeBriefing(t.db.prisma, { content: exampleDraft({ slugSuggestion: 'rare-earth-licences' }) });
    await publishBriefing(timed, editor, { briefingId: b.briefingId });
    const v1 = (await request(t.app).get('/news/rare-earth-licences').expect(200)).text;

    // Nothing new signed off: nothing to correct.
    await expect(publishCorrection(timed, editor, { briefingId: b.briefingId, note: 'x' })).rejects.toMatchObject({
      code: 'no_changes',
    });
    await addRevision(
      t.db.prisma,
      b.briefingId,
      exampleDraft({ title: 'China’s first general rare earth licences', slugSuggestion: 'x' }),
      { signed: false },
    );
    await expect(publishCorrection(timed, editor, { briefingId: b.briefingId, note: 'x' })).rejects.toMatchObject({
      code: 'not_signed_off',
    });
    await addRevision(
      t.db.prisma,
      b.briefingId,
      exampleDraft({ title: 'China’s first general rare earth licences', slugSuggestion: 'x' }),
      { reviewerName: 'Priya Raman' },
    );

    clock = new Date('2026-03-04T15:30:00Z');
    const s = await signIn(t, await makeUser(t, ['editor']));
    const bad = await s.agent
      .post(`/api/briefings/${b.briefingId}/corrections`)
      .set('X-CSRF-Token', s.csrf)
      .send({ note: '  ' })
      .expect(400);
    expect(bad.body.errors).toEqual([{ field: 'note', message: 'is required: say what was corrected' }]);
    const c = await publishCorrection(timed, editor, {
      briefingId: b.briefingId,
      note: 'An earlier version named the licences “special”; they are “general” licences.',
      slug: 'china-general-rare-earth-licences',
    });
    expect(c.version).toBe(2);

    const moved = await request(t.app).get('/news/rare-earth-licences').expect(301);
    expect(moved.headers.location).toBe('/news/china-general-rare-earth-licences');
    const v2 = (await request(t.app).get('/news/china-general-rare-earth-licences').expect(200)).text;
    expect(v2).toContain('China’s first general rare earth licences');
    expect(v2).toContain('Reviewed by <strong class="reviewer">Priya Raman</strong>');
    expect(v2).toMatch(
      /<time datetime="2026-03-04T15:30:00.000Z">4 March 2026<\/time>: An earlier version named the licences “special”/,
    );
    expect(v2).toContain('Published <time datetime="2026-03-01T09:00:00.000Z">1 March 2026</time> · Updated');

    const old = await request(t.app).get('/news/china-general-rare-earth-licences/v/1').expect(200);
    expect(old.text).toContain('You are reading version 1');
    expect(old.text).toContain('Reviewed by <strong class="reviewer">Tom Sullivan</strong>');
    expect(
      old.text
        .replace(/<p class="version-notice"[\s\S]*?<\/p>/, '<!--bd:version-notice-->')
        .replace('\n  <meta name="robots" content="noindex">', ''),
    ).toBe(v1);
    expect((await request(t.app).get('/news/rare-earth-licences/v/1').expect(301)).headers.location).toBe(
      '/news/china-general-rare-earth-licences/v/1',
    );
    expect((await request(t.app).get('/news/china-general-rare-earth-licences/v/2').expect(200)).text).toBe(v2);
    await request(t.app).get('/news/china-general-rare-earth-licences/v/3').expect(404);

    const events = await t.db.prisma.outboxEvent.findMany({
      where: { briefingId: b.briefingId },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.type)).toEqual(['published', 'corrected']);
  });

  test('unpublishing answers 410 Gone (themed) for every version and drops it from lists and feeds', async () => {
    const b = await makeBriefing(t.db.prisma, {
      content: exampleDraft({ title: 'Soon withdrawn', slugSuggestion: 'soon-withdrawn' }),
    });
    await publishBriefing(deps, editor, { briefingId: b.briefingId });
    expect((await request(t.app).get('/').expect(200)).text).toContain('Soon withdrawn');
    expect((await request(t.app).get('/feed.xml').expect(200)).text).toContain('Soon withdrawn');

    const s = await signIn(t, await makeUser(t, ['editor']));
    await s.agent
      .post(`/api/briefings/${b.briefingId}/unpublish`)
      .set('X-CSRF-Token', s.csrf)
      .send({ reason: 'Source retracted' })
      .expect(200);
    const gone = await request(t.app).get('/news/soon-withdrawn').expect(410);
    expect(gone.text).toContain('This briefing has been withdrawn');
    expect(gone.text).toContain('class="site"');
    await request(t.app).get('/news/soon-withdrawn/v/1').expect(410);
    expect((await request(t.app).get('/').expect(200)).text).not.toContain('Soon withdrawn');
    expect((await request(t.app).get('/feed.xml').expect(200)).text).not.toContain('Soon withdrawn');
    expect((await request(t.app).get('/sitemap.xml').expect(200)).text).not.toContain('soon-withdrawn');
    expect((await t.db.prisma.briefing.findUniqueOrThrow({ where: { id: b.briefingId } })).state).toBe('withdrawn');
    await s.agent.post(`/api/briefings/${b.briefingId}/unpublish`).set('X-CSRF-Token', s.csrf).send({}).expect(409);
    await expect(unpublishBriefing(deps, editor, { briefingId: b.briefingId })).rejects.toMatchObject({
      code: 'not_published',
    });
  });

  test('an editor publishes, corrects and unpublishes through the publishing page forms', async () => {
    const s = await signIn(t, await makeUser(t, ['editor']));
    const b = await makeBriefing(t.db.prisma, { content: exampleDraft({ slugSuggestion: 'from-the-form' }) });
    const page = await s.agent.get(`/publishing/${b.briefingId}`).expect(200);
    expect(page.text).toContain('Publish the signed-off revision');
    const csrf = csrfFromHtml(page.text);
    const bad = await s.agent
      .post(`/publishing/${b.briefingId}/publish`)
      .type('form')
      .send({ _csrf: csrf, slug: 'Bad Slug' })
      .expect(400);
    expect(bad.text).toContain('slug');
    await s.agent.post(`/publishing/${b.briefingId}/publish`).type('form').send({ _csrf: csrf, slug: '' }).expect(303);
    await request(t.app).get('/news/from-the-form').expect(200);
    await addRevision(
      t.db.prisma,
      b.briefingId,
      exampleDraft({ title: 'Fixed in the form', slugSuggestion: 'from-the-form' }),
    );
    await s.agent
      .post(`/publishing/${b.briefingId}/correction`)
      .type('form')
      .send({ _csrf: csrf, note: 'Fixed the title.', slug: '' })
      .expect(303);
    const after = await s.agent.get(`/publishing/${b.briefingId}`).expect(200);
    expect(after.text).toContain('Fixed the title.');
    expect(after.text).toContain('superseded');
    await s.agent
      .post(`/publishing/${b.briefingId}/unpublish`)
      .type('form')
      .send({ _csrf: csrf, reason: '' })
      .expect(303);
    await request(t.app).get('/news/from-the-form').expect(410);
    const reviewer = await signIn(t, await makeUser(t, ['reviewer']));
    await reviewer.agent.get(`/publishing/${b.briefingId}`).expect(403);
  });

  test('an explicit slug another briefing uses is refused; a derived one gets a suffix', async () => {
    const a = await makeBriefing(t.db.prisma, { content: exampleDraft({ slugSuggestion: 'same-slug' }) });
    const b = await makeBriefing(t.db.prisma, { content: exampleDraft({ slugSuggestion: 'same-slug' }) });
    await publishBriefing(deps, editor, { briefingId: a.briefingId });
    await expect(publishBriefing(deps, editor, { briefingId: b.briefingId, slug: 'same-slug' })).rejects.toMatchObject({
      code: 'slug_taken',
    });
    expect((await publishBriefing(deps, editor, { briefingId: b.briefingId })).slug).toBe('same-slug-2');
  });
});

/** The bytes on the wire, undecoded (supertest and fetch decompress for you). */
function rawGet(
  server: Server,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}
