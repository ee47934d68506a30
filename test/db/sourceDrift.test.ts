import { Writable } from 'node:stream';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type Session, type TestApp, type TestUser } from '../support/testApp.js';
import { cleanContent, makeReviewBriefing } from '../support/reviewFactory.js';
import { startFeedServer, startWebhookReceiver, type FeedServer } from '../support/feedServer.js';
import {
  ARTICLE_PARAGRAPHS,
  articlePage,
  linkPageSource,
  serveArticle,
  serveNothing,
  serveStatus,
} from '../support/driftFactory.js';
import { runDriftPass } from '../../server/workers/sourceDrift.js';
import { loadBriefingInsightsNow } from '../../server/queries/insights/briefingInsights.js';
import { runCli } from '../../server/cli/main.js';
import { deliverDue } from '../../server/publishing/webhooks/deliveries.js';
import { verifyWebhook } from '../../server/publishing/webhooks/sign.js';
import { ingestFeedDocument } from '../../server/commands/feeds/ingestFeedDocument.js';
import { parseFeed } from '../../server/sources/feeds/parseFeed.js';
import type { DriftSettings } from '../../server/sources/drift/settings.js';

const HOURS = 3_600_000;
const CHANGED = [
  ARTICLE_PARAGRAPHS[0].replace('1,200 tonnes', '950 tonnes').replace('a record for the site', 'below guidance'),
  ...ARTICLE_PARAGRAPHS.slice(1),
];

describe.each(DB_KINDS)('source drift (%s)', (kind) => {
  let t: TestApp;
  let server: FeedServer;
  let editorUser: TestUser;
  let reviewerUser: TestUser;
  let editor: Session;
  let clock: Date;
  const now = () => clock;
  const pass = (settings: Partial<DriftSettings> = {}) =>
    runDriftPass(
      t.db.prisma,
      'test-pass',
      // A fetch that should succeed must not time out because a loaded machine stalled.
      { ...t.booted.deps.config.drift, hostGapSeconds: 0, timeoutMs: 20_000, ...settings },
      { allowPrivate: true },
      now,
    );
  /** Publishes a briefing resting on the page at `path` through the API, as an editor would. */
  async function publishFrom(paths: { server: FeedServer; path: string }[], slug: string) {
    const b = await makeReviewBriefing(t.db.prisma, {
      state: 'approved',
      signedBy: reviewerUser,
      createdById: editorUser.id,
      content: (id) => cleanContent(id, { slug }),
    });
    const sourceIds = [];
    for (const [i, p] of paths.entries())
      sourceIds.push(await linkPageSource(t.db.prisma, b.briefingId, p.server.url(p.path), i + 1));
    await editor.agent
      .post(`/api/briefings/${b.briefingId}/publish`)
      .set('X-CSRF-Token', editor.csrf)
      .send({})
      .expect(201);
    return { briefingId: b.briefingId, sourceIds };
  }

  beforeAll(async () => {
    t = await startTestApp(kind, { SOURCES_ALLOW_PRIVATE_FETCH: 'true', WEBHOOK_ALLOW_PRIVATE: 'true' });
    server = await startFeedServer();
    editorUser = await makeUser(t, ['editor']);
    reviewerUser = await makeUser(t, ['reviewer'], { displayName: 'Tom Sullivan' });
    editor = await signIn(t, editorUser);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  test('a changed article marks its briefing, stores the version, notifies signer and editor, enqueues the webhook; chrome changes and 304s do not; a 410 marks it gone', async () => {
    const admin = await signIn(t, await makeUser(t, ['admin']));
    const receiver = await startWebhookReceiver();
    const { received } = receiver;
    const hook = await admin.agent
      .post('/api/webhooks')
      .set('X-CSRF-Token', admin.csrf)
      .send({ url: receiver.url('/hook'), events: ['source_changed'] })
      .expect(201);
    serveArticle(server, '/lynas', articlePage(ARTICLE_PARAGRAPHS), '"v1"');
    clock = new Date();
    const { briefingId, sourceIds } = await publishFrom([{ server, path: '/lynas' }], 'lynas-record');
    const [sourceId] = sourceIds;
    const hits = () => server.hits.filter((h) => h.path === '/lynas');
    const drifts = () => t.db.prisma.sourceDrift.findMany({ where: { briefingId }, orderBy: { detectedAt: 'asc' } });

    // First pass: the source is watched and fetched once in full; nothing changed.
    const before = hits().length;
    let p = await pass();
    expect(p.checks.map((c) => [c.sourceId, c.outcome])).toEqual([[sourceId, 'unchanged']]);
    expect(hits().length - before).toBe(1);

    // Unchanged upstream: exactly one conditional request, answered 304, and nothing but a timestamp.
    clock = new Date(clock.getTime() + 7 * HOURS);
    const beforeConditional = hits().length;
    p = await pass();
    expect(p.checks.map((c) => c.outcome)).toEqual(['not_modified']);
    const conditional = hits().slice(beforeConditional);
    expect(conditional).toHaveLength(1);
    expect(conditional[0].headers['if-none-match']).toBe('"v1"');
    expect(await drifts()).toHaveLength(0);
    const watch = await t.db.prisma.sourceWatch.findUniqueOrThrow({ where: { sourceId } });
    expect(watch.lastCheckedAt).toEqual(clock);

    // Navigation, cookie notice, sidebar and footer change: the article did not.
    serveArticle(server, '/lynas', articlePage(ARTICLE_PARAGRAPHS, 'Most read: nickel glut, uranium deal'), '"v2"');
    clock = new Date(clock.getTime() + 7 * HOURS);
    p = await pass();
    expect(p.checks.map((c) => c.outcome)).toEqual(['unchanged']);
    expect(await drifts()).toHaveLength(0);

    // The article's figures change: marked, stored, notified, audited, webhook enqueued.
    serveArticle(server, '/lynas', articlePage(CHANGED), '"v3"');
    clock = new Date(clock.getTime() + 7 * HOURS);
    p = await pass();
    expect(p.checks).toEqual([expect.objectContaining({ outcome: 'changed', briefingIds: [briefingId] })]);
    expect((await drifts()).map((d) => d.kind)).toEqual(['changed']);
    const versions = await t.db.prisma.sourceVersion.findMany({ where: { sourceId }, orderBy: { number: 'asc' } });
    expect(versions.map((v) => [v.number, v.kind])).toEqual([
      [1, 'original'],
      [2, 'changed'],
    ]);
    expect(versions[0].text).toContain('1,200 tonnes');
    expect(versions[1].text).toContain('950 tonnes');
    // The source row itself still holds what the briefing was written from.
    expect((await t.db.prisma.source.findUniqueOrThrow({ where: { id: sourceId } })).text).toContain('1,200 tonnes');
    const notes = await t.db.prisma.notification.findMany({ where: { briefingId, kind: 'source_changed' } });
    expect(notes.map((n) => n.userId).sort()).toEqual([editorUser.id, reviewerUser.id].sort());
    const audit = await t.db.prisma.auditEvent.findMany({
      where: { entityId: briefingId, action: 'briefing.source_drifted' },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0].data).toMatchObject({ sourceId, kind: 'changed', fromVersion: 1, toVersion: 2 });
    const events = await t.db.prisma.outboxEvent.findMany({
      where: { briefingId, type: 'source_changed' },
      include: { deliveries: true },
    });
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ change: 'changed', source: { id: sourceId } });
    expect(events[0].deliveries).toHaveLength(1);
    // Delivered through the outbox like every other event, signed with the endpoint's secret.
    expect(await deliverDue(t.db.prisma, 'test-sender', clock, { allowPrivate: true })).toBe(1);
    expect(received).toHaveLength(1);
    expect(verifyWebhook(hook.body.secret, received[0].timestamp, received[0].body, received[0].signature)).toBe(true);
    expect(JSON.parse(received[0].body)).toMatchObject({
      type: 'source_changed',
      data: { briefingId, change: 'changed', source: { id: sourceId } },
    });
    await receiver.close();

    // Staff see it on the briefing page, in the queue, and as a word diff with a one-click reopen.
    const page = await editor.agent.get(`/briefings/${briefingId}`).expect(200);
    expect(page.text).toContain('Source changed');
    expect(page.text).toContain(`/briefings/${briefingId}/source-drift`);
    const queue = await editor.agent.get('/briefings?tab=all').expect(200);
    expect(queue.text).toContain('Source changed');
    const diff = await editor.agent.get(`/briefings/${briefingId}/source-drift`).expect(200);
    expect(diff.text).toMatch(/<del[^>]*>[^<]*1,200/);
    expect(diff.text).toMatch(/<ins[^>]*>[^<]*950/);
    expect(diff.text).toContain(`action="/briefings/${briefingId}/reopen"`);

    // The same text again is not a second change.
    clock = new Date(clock.getTime() + 7 * HOURS);
    p = await pass();
    expect(p.checks.map((c) => c.outcome)).toEqual(['not_modified']);
    expect(await drifts()).toHaveLength(1);

    // The article is withdrawn upstream.
    serveStatus(server, '/lynas', 410);
    clock = new Date(clock.getTime() + 7 * HOURS);
    p = await pass();
    expect(p.checks.map((c) => [c.outcome, c.httpStatus])).toEqual([['gone', 410]]);
    expect((await drifts()).map((d) => d.kind)).toEqual(['changed', 'gone']);
    const gonePage = await editor.agent.get(`/briefings/${briefingId}`).expect(200);
    expect(gonePage.text).toContain('Source gone');
    // Insights counts the audit events by the name it was built for.
    const insight = (await loadBriefingInsightsNow(t.db)).find((i) => i.briefingId === briefingId);
    expect(insight?.driftEvents).toBe(2);

    // One click reopens it for a correction.
    const diffPage = await editor.agent.get(`/briefings/${briefingId}/source-drift`).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(diffPage.text)?.[1];
    const reason = /name="reason" value="([^"]+)"/.exec(diffPage.text)?.[1];
    await editor.agent.post(`/briefings/${briefingId}/reopen`).type('form').send({ _csrf: csrf, reason }).expect(303);
    expect((await t.db.prisma.briefing.findUniqueOrThrow({ where: { id: briefingId } })).state).toBe('in_review');
    const reopened = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { entityId: briefingId, action: 'briefing.reopen' },
    });
    expect(reopened.data).toMatchObject({ reason: expect.stringContaining('Source gone: Mining Wire') });
  });

  test('a host that never answers and a host that sends garbage do not stop another source in the same pass', async () => {
    const hanging = await startFeedServer();
    const garbage = await startFeedServer();
    try {
      serveArticle(hanging, '/slow', articlePage(ARTICLE_PARAGRAPHS.slice(1)), '"h1"');
      serveArticle(garbage, '/junk', articlePage(ARTICLE_PARAGRAPHS.slice(0, 2)), '"g1"');
      serveArticle(server, '/steady', articlePage(ARTICLE_PARAGRAPHS), '"s1"');
      clock = new Date(Date.now() + 100 * HOURS);
      const { briefingId, sourceIds } = await publishFrom(
        [
          { server: hanging, path: '/slow' },
          { server: garbage, path: '/junk' },
          { server, path: '/steady' },
        ],
        'lynas-three-hosts',
      );
      await pass();

      serveNothing(hanging, '/slow');
      garbage.routes.set('/junk', {
        headers: { 'Content-Type': 'text/html' },
        body: Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x37, 0x00, 0x42]),
      });
      serveArticle(server, '/steady', articlePage(CHANGED), '"s2"');
      clock = new Date(clock.getTime() + 7 * HOURS);
      // The hanging host costs this once; the steady host's fetch in the same pass must fit in it
      // however loaded the machine, hence seconds rather than the few hundred ms it needs.
      const p = await pass({ timeoutMs: 5_000 });

      const byId = new Map(p.checks.map((c) => [c.sourceId, c]));
      expect(byId.get(sourceIds[0])).toMatchObject({ outcome: 'error', error: expect.stringMatching(/^timeout/) });
      expect(byId.get(sourceIds[1])).toMatchObject({ outcome: 'error', error: expect.stringMatching(/^no_article/) });
      expect(byId.get(sourceIds[2])).toMatchObject({ outcome: 'changed', briefingIds: [briefingId] });
      const watches = await t.db.prisma.sourceWatch.findMany({
        where: { sourceId: { in: sourceIds } },
        select: { sourceId: true, status: true, lastError: true, consecutiveFailures: true, leaseOwner: true },
      });
      const w = new Map(watches.map((x) => [x.sourceId, x]));
      expect(w.get(sourceIds[0])).toMatchObject({ status: 'error', consecutiveFailures: 1, leaseOwner: null });
      expect(w.get(sourceIds[1])).toMatchObject({ status: 'error', consecutiveFailures: 1, leaseOwner: null });
      expect(w.get(sourceIds[2])).toMatchObject({ status: 'changed', lastError: null });
    } finally {
      await hanging.close();
      await garbage.close();
    }
  });

  // Only in the PostgreSQL run, not skipped in the other: the CLI opens its own connection from
  // DATABASE_URL, and an embedded PGlite database cannot be shared with a second process.
  if (kind === 'postgres')
    test('npm run cli -- drift:check runs one pass now and says what it found', async () => {
      // The passes above ran on clocks days ahead, so their hosts (whose ports the OS may hand out
      // again) would look just checked to a pass on the real clock.
      await t.db.prisma.sourceWatch.updateMany({ data: { lastCheckedAt: null } });
      serveArticle(server, '/cli', articlePage(ARTICLE_PARAGRAPHS), '"c1"');
      const { briefingId, sourceIds } = await publishFrom([{ server, path: '/cli' }], 'lynas-cli');
      serveArticle(server, '/cli', articlePage(CHANGED), '"c2"');
      let text = '';
      const out = new Writable({
        write(c, _e, cb) {
          text += String(c);
          cb();
        },
      });
      const code = await runCli(
        ['drift:check'],
        {
          NODE_ENV: 'test',
          DATABASE_URL: t.db.url!,
          SESSION_SECRET: 's'.repeat(40),
          LOG_LEVEL: 'silent',
          SOURCES_ALLOW_PRIVATE_FETCH: 'true',
        },
        { out, err: out },
      );
      expect(code).toBe(0);
      expect(text).toContain(`${sourceIds[0]}  changed 200 (marked 1 briefing(s))`);
      expect(text).toMatch(/1 changed/);
      expect(await t.db.prisma.sourceDrift.count({ where: { briefingId } })).toBe(1);
    });

  test('a feed item is compared with its own page: the first fetch is the baseline, only a later change marks the briefing', async () => {
    const feedHost = await startFeedServer();
    try {
      serveArticle(feedHost, '/story', articlePage(ARTICLE_PARAGRAPHS), '"f1"');
      const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Mining Wire</title><link>${feedHost.url('/')}</link>
<item><title>Lynas reports record quarter at Kalgoorlie</title><link>${feedHost.url('/story')}</link><guid>story-1</guid>
<description>Lynas said its Kalgoorlie plant produced a record 1,200 tonnes of mixed rare earth carbonate in the quarter, and that output of neodymium and praseodymium oxide rose 18%.</description></item></channel></rss>`;
      const summary = await ingestFeedDocument(
        t.db.prisma,
        null,
        parseFeed(Buffer.from(rss), { url: feedHost.url('/feed.xml') }),
        {
          feedId: null,
          feedUrl: feedHost.url('/feed.xml'),
          publisher: 'Mining Wire',
          fetchedAt: new Date(),
        },
      );
      expect(summary.counts.added).toBe(1);
      const source = await t.db.prisma.source.findFirstOrThrow({ where: { url: feedHost.url('/story') } });
      expect(source.origin).toBe('feed');
      const b = await makeReviewBriefing(t.db.prisma, {
        state: 'approved',
        signedBy: reviewerUser,
        createdById: editorUser.id,
        content: (id) => cleanContent(id, { slug: 'lynas-from-feed' }),
      });
      await t.db.prisma.briefingSource.create({
        data: { briefingId: b.briefingId, sourceId: source.id, role: 'related', rank: 1 },
      });
      await editor.agent
        .post(`/api/briefings/${b.briefingId}/publish`)
        .set('X-CSRF-Token', editor.csrf)
        .send({})
        .expect(201);

      clock = new Date(Date.now() + 300 * HOURS);
      let p = await pass();
      expect(p.checks.find((c) => c.sourceId === source.id)?.outcome).toBe('baseline');
      serveArticle(feedHost, '/story', articlePage(CHANGED), '"f2"');
      clock = new Date(clock.getTime() + 7 * HOURS);
      p = await pass();
      expect(p.checks.find((c) => c.sourceId === source.id)).toMatchObject({
        outcome: 'changed',
        briefingIds: [b.briefingId],
      });
    } finally {
      await feedHost.close();
    }
  });
});
