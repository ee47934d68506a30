import type { Response } from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { startFeedServer, type FeedServer } from '../support/feedServer.js';
import { makeBriefing } from '../support/publishingFactory.js';
import { randomUUID } from 'node:crypto';
import { makeSource } from '../support/draftingFactory.js';
import { makeUser, signIn, startTestApp, type Session, type TestApp } from '../support/testApp.js';

/**
 * A form or API call sent twice at once (a double click, a client retrying): the checks a command
 * makes before it writes ("is this email free?") pass for every copy, so the database's unique
 * index decides. The copies that lose must get the same 409 naming the field as a later request,
 * never a 500, and exactly one row may be written.
 */
const COPIES = 4;

describe.each(DB_KINDS)('the same request sent several times at once (%s)', (kind) => {
  let t: TestApp;
  let admin: Session;
  let feeds: FeedServer;

  beforeAll(async () => {
    t = await startTestApp(kind, { WORKERS: 'false', SOURCES_ALLOW_PRIVATE_FETCH: 'true', FEED_HOST_GAP_SECONDS: '0' });
    admin = await signIn(t, await makeUser(t, ['admin', 'editor']));
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await feeds.close();
    await t.close();
  });

  const send = (method: 'post' | 'patch' | 'delete', path: string, body: object = {}) =>
    admin.agent[method](path).set('X-CSRF-Token', admin.csrf).send(body);

  /** Exactly one copy succeeded with `ok`; every other one is a 409 with this code naming this field. */
  function oneWinner(responses: Response[], ok: number, code: string, field?: string) {
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(COPIES - 1).fill(409), ok].sort());
    for (const r of responses.filter((x) => x.status === 409)) {
      expect(r.body.code).toBe(code);
      if (field) expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  }

  test('creating the same new user: one 201, the others 409 email_taken naming email, one row', async () => {
    const responses = await Promise.all(
      Array.from({ length: COPIES }, (_, i) =>
        send('post', '/api/users', {
          // The same address, as different people would type it.
          email: i % 2 ? 'Twice@Example.test' : 'twice@example.test',
          displayName: 'Twice',
          roles: ['reviewer'],
        }),
      ),
    );
    oneWinner(responses, 201, 'email_taken', 'email');
    expect(await t.db.prisma.user.count({ where: { email: 'twice@example.test' } })).toBe(1);
  });

  test('creating the same catalogue item, in any case: one 201, the others 409 duplicate_name naming name', async () => {
    const responses = await Promise.all(
      Array.from({ length: COPIES }, (_, i) =>
        send('post', '/api/catalogue', {
          kind: 'industry',
          name: i % 2 ? 'Tunnelling' : 'tunnelling',
          description: 'd',
        }),
      ),
    );
    oneWinner(responses, 201, 'duplicate_name', 'name');
    expect(
      await t.db.prisma.catalogueItem.count({ where: { name: { equals: 'tunnelling', mode: 'insensitive' } } }),
    ).toBe(1);
  });

  test('renaming several catalogue items to one name at once: one 200, the others 409 naming name', async () => {
    const ids: string[] = [];
    for (let i = 0; i < COPIES; i++) {
      const r = await send('post', '/api/catalogue', { kind: 'product', name: `Product ${i}`, description: 'd' });
      ids.push(r.body.id);
    }
    const responses = await Promise.all(ids.map((id) => send('patch', `/api/catalogue/${id}`, { name: 'One name' })));
    oneWinner(responses, 200, 'duplicate_name', 'name');
    expect(await t.db.prisma.catalogueItem.count({ where: { name: 'One name' } })).toBe(1);
  });

  test('deleting a catalogue item several times at once: one 204, the others 404', async () => {
    const { body } = await send('post', '/api/catalogue', { kind: 'product', name: 'Short-lived', description: 'd' });
    const responses = await Promise.all(
      Array.from({ length: COPIES }, () => send('delete', `/api/catalogue/${body.id}`)),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([204, ...Array(COPIES - 1).fill(404)].sort());
    expect(await t.db.prisma.auditEvent.count({ where: { action: 'catalogue.deleted', entityId: body.id } })).toBe(1);
  });

  test('subscribing to the same feed: one 201, the others 409 feed_exists naming url, one feed', async () => {
    feeds.routes.set('/twice.rss', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body:
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Twice</title><link>https://twice.example/</link>' +
        '<item><title>Copper output rises</title><link>https://twice.example/1</link>' +
        '<description>Copper output rose in the third quarter at the main mine.</description></item></channel></rss>',
    });
    const url = feeds.url('/twice.rss');
    const responses = await Promise.all(Array.from({ length: COPIES }, () => send('post', '/api/feeds', { url })));
    oneWinner(responses, 201, 'feed_exists', 'url');
    expect(await t.db.prisma.feed.count({ where: { url } })).toBe(1);
  });

  test('publishing briefings with the same title at once: each gets its own address', async () => {
    const briefings = await Promise.all(Array.from({ length: COPIES }, () => makeBriefing(t.db.prisma)));
    const responses = await Promise.all(briefings.map((b) => send('post', `/api/briefings/${b.briefingId}/publish`)));
    expect(responses.map((r) => r.status)).toEqual(Array(COPIES).fill(201));
    const slugs = await t.db.prisma.briefing.findMany({
      where: { id: { in: briefings.map((b) => b.briefingId) } },
      select: { slug: true },
    });
    expect(new Set(slugs.map((b) => b.slug)).size).toBe(COPIES);
  });

  test('publishing two briefings at once under one explicit slug: one 201, the other 409 slug_taken naming slug', async () => {
    const briefings = await Promise.all(Array.from({ length: COPIES }, () => makeBriefing(t.db.prisma)));
    const responses = await Promise.all(
      briefings.map((b) => send('post', `/api/briefings/${b.briefingId}/publish`, { slug: 'one-address' })),
    );
    oneWinner(responses, 201, 'slug_taken', 'slug');
    expect(
      await t.db.prisma.publication.count({ where: { briefingId: { in: briefings.map((b) => b.briefingId) } } }),
    ).toBe(1);
  });

  test('deleting a webhook endpoint or a feed several times at once: one 204, the others 404, one audit event', async () => {
    const hook = await send('post', '/api/webhooks', { url: 'https://hooks.example/twice' }).expect(201);
    feeds.routes.set('/gone.rss', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: '<?xml version="1.0"?><rss version="2.0"><channel><title>Gone</title><link>https://gone.example/</link></channel></rss>',
    });
    const feed = await send('post', '/api/feeds', { url: feeds.url('/gone.rss') }).expect(201);
    for (const [path, id, action] of [
      ['/api/webhooks', hook.body.id as string, 'webhook.deleted'],
      ['/api/feeds', feed.body.id as string, 'feed.deleted'],
    ]) {
      const responses = await Promise.all(Array.from({ length: COPIES }, () => send('delete', `${path}/${id}`)));
      expect({ path, statuses: responses.map((r) => r.status).sort() }).toEqual({
        path,
        statuses: [204, ...Array(COPIES - 1).fill(404)].sort(),
      });
      expect(await t.db.prisma.auditEvent.count({ where: { action, entityId: id } })).toBe(1);
    }
  });

  test('revoking one API token several times at once: all 204, one revocation audited', async () => {
    const token = await send('post', '/api/tokens', { name: 'twice', roles: ['editor'] }).expect(201);
    const responses = await Promise.all(
      Array.from({ length: COPIES }, () => send('delete', `/api/tokens/${token.body.id}`)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(COPIES).fill(204));
    expect(
      await t.db.prisma.auditEvent.count({ where: { action: 'api_token.revoked', entityId: token.body.id } }),
    ).toBe(1);
  });

  test("two admins removing each other's admin role at once: one change is refused, an admin remains", async () => {
    const [a, b] = await Promise.all([makeUser(t, ['admin']), makeUser(t, ['admin'])]);
    // Only these two are admins, so the admin of the other tests is out of the way for this test.
    await t.db.prisma.user.update({ where: { id: admin.user.id }, data: { roles: ['editor'] } });
    try {
      const [sa, sb] = await Promise.all([signIn(t, a), signIn(t, b)]);
      const responses = await Promise.all([
        sa.agent
          .patch(`/api/users/${b.id}`)
          .set('X-CSRF-Token', sa.csrf)
          .send({ roles: ['editor'] }),
        sb.agent
          .patch(`/api/users/${a.id}`)
          .set('X-CSRF-Token', sb.csrf)
          .send({ roles: ['editor'] }),
      ]);
      // The second change is refused: 409 last_admin when both passed the role check together, or
      // 403 when its sender had already lost the admin role by the time it was authorised.
      const [first, second] = responses.map((r) => r.status).sort();
      expect(first).toBe(200);
      expect([403, 409]).toContain(second);
      const refused = responses.find((r) => r.status === 409);
      if (refused) {
        expect(refused.body.code).toBe('last_admin');
        expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['roles']);
      }
      expect(await t.db.prisma.user.count({ where: { active: true, roles: { has: 'admin' } } })).toBe(1);
    } finally {
      await t.db.prisma.user.update({ where: { id: admin.user.id }, data: { roles: ['admin', 'editor'] } });
    }
  });
  test('starting a briefing with one key: the first 201, every resend 200 with the same briefing, one draft queued', async () => {
    const lead = await makeSource(t, { title: 'Lithium output doubles', text: 'Lithium output doubled in 2025.' });
    const startKey = randomUUID();
    const start = () => send('post', '/api/briefings', { leadSourceId: lead.id, startKey });
    const responses = await Promise.all(Array.from({ length: COPIES }, start));
    expect(responses.map((r) => r.status).sort()).toEqual([...Array(COPIES - 1).fill(200), 201].sort());
    const ids = new Set(responses.map((r) => r.body.briefing.id));
    expect(ids.size).toBe(1);
    const later = await start().expect(200);
    expect(later.body.briefing.id).toBe(responses[0].body.briefing.id);
    expect(later.body.generation.id).toBe(responses[0].body.generation.id);
    expect(await t.db.prisma.briefing.count({ where: { leadSourceId: lead.id } })).toBe(1);
    expect(await t.db.prisma.generation.count({ where: { briefing: { leadSourceId: lead.id } } })).toBe(1);
    expect(
      await t.db.prisma.auditEvent.count({ where: { action: 'briefing.started', entityId: later.body.briefing.id } }),
    ).toBe(1);

    // The key belongs to that start: another lead with it is refused, naming the field.
    const other = await makeSource(t, { title: 'Cobalt prices fall', text: 'Cobalt prices fell in 2025.' });
    const reused = await send('post', '/api/briefings', { leadSourceId: other.id, startKey }).expect(409);
    expect(reused.body.code).toBe('start_key_reused');
    expect(reused.body.errors.map((e: { field: string }) => e.field)).toEqual(['startKey']);
    // So is the same lead with it as an update of a published briefing: that would be another briefing.
    const published = await makeBriefing(t.db.prisma, { state: 'published', signed: true });
    const asUpdate = await send('post', '/api/briefings', {
      leadSourceId: lead.id,
      startKey,
      updateOfId: published.briefingId,
    }).expect(409);
    expect(asUpdate.body.code).toBe('start_key_reused');
    expect(asUpdate.body.errors.map((e: { field: string }) => e.field)).toEqual(['startKey']);
    expect(await t.db.prisma.briefing.count({ where: { leadSourceId: lead.id } })).toBe(1);
    // Without a key, starting twice on purpose still starts two.
    await send('post', '/api/briefings', { leadSourceId: other.id }).expect(201);
    await send('post', '/api/briefings', { leadSourceId: other.id }).expect(201);
    expect(await t.db.prisma.briefing.count({ where: { leadSourceId: other.id } })).toBe(2);
  });

  test("the source page's start form clicked twice starts one briefing; the page shown again starts another", async () => {
    const lead = await makeSource(t, { title: 'Nickel mine reopens', text: 'The nickel mine reopened in March 2025.' });
    const page = async () => {
      const html = (await admin.agent.get(`/sources/${lead.id}`).expect(200)).text;
      const form = html.slice(html.indexOf('class="start-briefing"'));
      const key = /name="startKey" value="([^"]+)"/.exec(form)![1];
      return { key, csrf: /name="_csrf" value="([^"]+)"/.exec(form)![1] };
    };
    const submit = (f: { key: string; csrf: string }) =>
      admin.agent.post('/briefings').type('form').send({ _csrf: f.csrf, leadSourceId: lead.id, startKey: f.key });
    const shown = await page();
    const [a, b] = await Promise.all([submit(shown), submit(shown)]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(b.headers.location).toBe(a.headers.location);
    expect(await t.db.prisma.briefing.count({ where: { leadSourceId: lead.id } })).toBe(1);
    const flash = (await admin.agent.get((await submit(shown)).headers.location).expect(200)).text;
    expect(flash).toContain('This form had already started this briefing; no second one was started.');

    const again = await page();
    expect(again.key).not.toBe(shown.key);
    await submit(again).expect(303);
    expect(await t.db.prisma.briefing.count({ where: { leadSourceId: lead.id } })).toBe(2);
  });
});
