import { readFile } from 'node:fs/promises';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type Session, type TestApp } from '../support/testApp.js';
import { startFeedServer, type FeedServer } from '../support/feedServer.js';
import { pollFeed } from '../../server/commands/feeds/pollFeed.js';
import { claimDueFeeds, claimFeed } from '../../server/sources/feeds/claimDueFeeds.js';

const FIX = 'test/fixtures/feeds/rss-parser/input';
// Room for a loaded machine: a fetch that should succeed (or fail on size or redirects) must not
// time out because the test process stalled.
const FAST = { allowPrivate: true, timeoutMs: 20_000, idleTimeoutMs: 20_000 };
// For the trickling server only: it is the total limit that must end it, so the idle one is far above.
const TRICKLE = { allowPrivate: true, timeoutMs: 1500, idleTimeoutMs: 60_000 };

describe.each(DB_KINDS)('feeds (%s)', (kind) => {
  let t: TestApp;
  let srv: FeedServer;
  let editor: Session;
  let guardian: string;
  let heise: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { SOURCES_ALLOW_PRIVATE_FETCH: 'true', FEED_HOST_GAP_SECONDS: '0', WORKERS: 'false' });
    srv = await startFeedServer();
    editor = await signIn(t, await makeUser(t, ['editor']));
    guardian = await readFile(`${FIX}/guardian.rss`, 'utf8');
    heise = await readFile(`${FIX}/heise.atom`, 'utf8');
    srv.routes.set('/guardian.rss', {
      headers: {
        'Content-Type': 'application/rss+xml; charset=utf-8',
        ETag: '"g1"',
        'Last-Modified': 'Wed, 31 Jan 2018 20:15:15 GMT',
      },
      body: guardian,
    });
    srv.routes.set('/heise.atom', { headers: { 'Content-Type': 'application/atom+xml' }, body: heise });
    srv.routes.set('/page.html', {
      headers: { 'Content-Type': 'text/html' },
      body: '<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>',
    });
    srv.routes.set('/empty', { headers: { 'Content-Type': 'application/rss+xml' }, body: '' });
    srv.routes.set('/loop-a', { status: 302, headers: { Location: '/loop-b' } });
    srv.routes.set('/loop-b', { status: 302, headers: { Location: '/loop-a' } });
    srv.routes.set('/huge', {
      handle: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        const chunk = Buffer.alloc(1024 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < 50 && res.write(chunk)) sent++;
          if (sent < 50) res.once('drain', pump);
          else res.end();
        };
        res.on('error', () => {});
        pump();
      },
    });
    srv.routes.set('/trickle', {
      handle: (req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        res.write('<');
        const timer = setInterval(() => res.write(' '), 100);
        req.socket.on('close', () => clearInterval(timer));
      },
    });
  });
  afterAll(async () => {
    await srv.close();
    await t.close();
  });

  test('subscribing fetches and ingests the feed once; a poll with the ETag gets 304 and changes nothing', async () => {
    const res = await editor.agent
      .post('/api/feeds')
      .set('X-CSRF-Token', editor.csrf)
      .send({ url: srv.url('/guardian.rss'), publisher: 'The Guardian', pollIntervalMinutes: 30 })
      .expect(201);
    expect(res.body).toMatchObject({ title: 'The Guardian', status: 'active', pollIntervalMinutes: 30 });
    expect(res.body.ingested.added + res.body.ingested.duplicate).toBeGreaterThan(40);
    const feedId = res.body.id;
    const before = await t.db.prisma.source.count({ where: { feedId } });
    const archives = await t.db.prisma.sourceArchive.count();

    const polled = await editor.agent.post(`/api/feeds/${feedId}/poll`).set('X-CSRF-Token', editor.csrf).expect(200);
    expect(polled.body.outcome).toMatchObject({ outcome: 'not_modified', httpStatus: 304, added: 0 });
    expect(srv.hits.at(-1)!.headers['if-none-match']).toBe('"g1"');
    expect(srv.hits.at(-1)!.headers['if-modified-since']).toBe('Wed, 31 Jan 2018 20:15:15 GMT');
    expect(await t.db.prisma.source.count({ where: { feedId } })).toBe(before);
    expect(await t.db.prisma.sourceArchive.count()).toBe(archives);
    const detail = await editor.agent.get(`/api/feeds/${feedId}`).expect(200);
    expect(detail.body.polls.map((p: { outcome: string }) => p.outcome)).toEqual(['not_modified', 'ok']);

    // A second subscription to the same URL is refused, naming the field.
    const dup = await editor.agent
      .post('/api/feeds')
      .set('X-CSRF-Token', editor.csrf)
      .send({ url: srv.url('/guardian.rss') })
      .expect(409);
    expect(dup.body.errors[0].field).toBe('url');
  });

  test.each([
    ['/page.html', /HTML page, not a feed/],
    ['/empty', /empty/],
    ['/loop-a', /Redirect loop/],
    ['/missing', /HTTP 404/],
  ])('subscribing to %s is a 400 naming the reason, and nothing is stored', async (path, reason) => {
    const feeds = await t.db.prisma.feed.count();
    const res = await editor.agent
      .post('/api/feeds')
      .set('X-CSRF-Token', editor.csrf)
      .send({ url: srv.url(path) })
      .expect(400);
    expect(res.body.detail).toMatch(reason);
    expect(res.body.errors[0]).toMatchObject({ field: 'url' });
    expect(await t.db.prisma.feed.count()).toBe(feeds);
  });

  test('failures back off exponentially with the error visible; other feeds keep polling; recovery resets', async () => {
    const mk = (url: string) =>
      t.db.prisma.feed.create({ data: { url, pollIntervalMinutes: 10 }, select: { id: true } });
    const huge = await mk(srv.url('/huge'));
    const trickle = await mk(srv.url('/trickle'));
    const loop = await mk(srv.url('/loop-a'));
    const good = await mk(srv.url('/heise.atom'));
    const now = new Date();
    for (const f of [huge, trickle, loop, good]) expect(await claimFeed(t.db.prisma, f.id, 'w1', now)).toBe(true);
    const outcomes = await Promise.all(
      [huge, trickle, loop, good].map((f) => pollFeed(t.db.prisma, f.id, 'w1', f === trickle ? TRICKLE : FAST)),
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(['error', 'error', 'error', 'ok']);
    expect(outcomes[0].error).toMatch(/^response_too_large:/);
    expect(outcomes[1].error).toMatch(/^timeout:/);
    expect(outcomes[2].error).toMatch(/^redirect_loop:/);
    expect(outcomes[3].added).toBeGreaterThan(0);

    const row = await t.db.prisma.feed.findUniqueOrThrow({ where: { id: huge.id } });
    expect(row).toMatchObject({ consecutiveFailures: 1, leaseOwner: null });
    expect(row.lastError).toMatch(/larger than/);
    const firstDelay = row.nextPollAt.getTime() - row.lastErrorAt!.getTime();
    expect(firstDelay).toBe(20 * 60_000);
    // Second failure doubles the wait.
    expect(await claimFeed(t.db.prisma, huge.id, 'w2', new Date())).toBe(true);
    await pollFeed(t.db.prisma, huge.id, 'w2', FAST);
    const again = await t.db.prisma.feed.findUniqueOrThrow({ where: { id: huge.id } });
    expect(again.consecutiveFailures).toBe(2);
    expect(again.nextPollAt.getTime() - again.lastErrorAt!.getTime()).toBe(40 * 60_000);
    // The host fixes it: success clears the error and the backoff.
    srv.routes.set('/huge', { headers: { 'Content-Type': 'application/atom+xml' }, body: heise });
    expect(await claimFeed(t.db.prisma, huge.id, 'w3', new Date())).toBe(true);
    expect((await pollFeed(t.db.prisma, huge.id, 'w3', FAST)).outcome).toBe('ok');
    const fixed = await t.db.prisma.feed.findUniqueOrThrow({ where: { id: huge.id } });
    expect(fixed).toMatchObject({ consecutiveFailures: 0, lastError: null });
    const polls = await t.db.prisma.feedPoll.findMany({
      where: { feedId: huge.id },
      orderBy: { startedAt: 'asc' },
      select: { outcome: true, error: true },
    });
    expect(polls.map((p) => p.outcome)).toEqual(['error', 'error', 'ok']);
  });

  test('two concurrent pollers never claim the same feed; per-host politeness holds back a second feed of a host', async () => {
    await t.db.prisma.feed.updateMany({ data: { status: 'paused' } });
    const ids = [];
    for (let i = 0; i < 6; i++)
      ids.push(
        (
          await t.db.prisma.feed.create({
            data: { url: srv.url(`/heise.atom?copy=${i}`), nextPollAt: new Date(Date.now() - 1000) },
            select: { id: true },
          })
        ).id,
      );
    const now = new Date();
    const [a, b] = await Promise.all([
      claimDueFeeds(t.db.prisma, 'A', { now, limit: 10, hostGapSeconds: 0 }),
      claimDueFeeds(t.db.prisma, 'B', { now, limit: 10, hostGapSeconds: 0 }),
    ]);
    // With no politeness gap, one claimer still takes only one feed per host per claim.
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    const rows = await t.db.prisma.feed.findMany({
      where: { id: { in: ids } },
      select: { id: true, leaseOwner: true },
    });
    for (const r of rows) {
      if (a.includes(r.id)) expect(r.leaseOwner).toBe('A');
      if (b.includes(r.id)) expect(r.leaseOwner).toBe('B');
    }
    // While the host is being polled (leased), nobody else starts on it.
    const c = await claimDueFeeds(t.db.prisma, 'C', { now, limit: 10, hostGapSeconds: 0 });
    expect(c).toEqual([]);
    // After the polls finish, the host gap keeps the remaining feeds waiting.
    const base = Date.now();
    await t.db.prisma.feed.updateMany({
      where: { id: { in: ids } },
      data: { leaseOwner: null, leaseExpiresAt: null, lastPolledAt: new Date(base) },
    });
    const polite = await claimDueFeeds(t.db.prisma, 'D', {
      now: new Date(base + 10_000),
      limit: 10,
      hostGapSeconds: 60,
    });
    expect(polite).toEqual([]);
    const later = await claimDueFeeds(t.db.prisma, 'E', {
      now: new Date(base + 61_000),
      limit: 10,
      hostGapSeconds: 60,
    });
    expect(later).toHaveLength(1);
  });

  test('pause stops scheduling; resume makes the feed due; the feeds page shows status and last error through plain forms', async () => {
    const feed = await t.db.prisma.feed.create({
      data: { url: srv.url('/loop-a?ui'), lastError: 'redirect_loop: Redirect loop: boom', consecutiveFailures: 3 },
      select: { id: true },
    });
    const page = await editor.agent.get('/feeds').expect(200);
    expect(page.text).toContain('redirect_loop: Redirect loop: boom');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    await editor.agent.post(`/feeds/${feed.id}/pause`).type('form').send({ _csrf: csrf }).expect(303);
    expect((await t.db.prisma.feed.findUniqueOrThrow({ where: { id: feed.id } })).status).toBe('paused');
    const none = await claimDueFeeds(t.db.prisma, 'P', {
      now: new Date(Date.now() + 86_400_000),
      limit: 50,
      hostGapSeconds: 0,
    });
    expect(none).not.toContain(feed.id);
    await editor.agent.post(`/feeds/${feed.id}/resume`).type('form').send({ _csrf: csrf }).expect(303);
    const resumed = await t.db.prisma.feed.findUniqueOrThrow({ where: { id: feed.id } });
    expect(resumed).toMatchObject({ status: 'active', consecutiveFailures: 0 });
    // Without the CSRF token the form is refused.
    await editor.agent.post(`/feeds/${feed.id}/pause`).type('form').send({}).expect(403);
    // Subscribing an HTML page through the form re-renders it with the reason.
    const bad = await editor.agent
      .post('/feeds')
      .type('form')
      .send({ _csrf: csrf, url: srv.url('/page.html'), pollIntervalMinutes: '60' })
      .expect(400);
    expect(bad.text).toContain('HTML page, not a feed');
    const ok = await editor.agent
      .post('/feeds')
      .type('form')
      .send({ _csrf: csrf, url: srv.url('/heise.atom?form'), publisher: 'heise', pollIntervalMinutes: '60' })
      .expect(303);
    expect(ok.headers.location).toMatch(/^\/feeds\/[0-9a-f-]{36}$/);
    const shown = await editor.agent.get(ok.headers.location).expect(200);
    expect(shown.text).toContain('Poll history');
  });

  test('a reviewer may read feeds but not manage them', async () => {
    const reviewer = await signIn(t, await makeUser(t, ['reviewer']));
    await reviewer.agent.get('/api/feeds').expect(200);
    await reviewer.agent
      .post('/api/feeds')
      .set('X-CSRF-Token', reviewer.csrf)
      .send({ url: srv.url('/heise.atom') })
      .expect(403);
  });
});
