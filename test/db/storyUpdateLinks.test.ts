import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { JSDOM } from 'jsdom';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type Session, type TestApp, type TestUser } from '../support/testApp.js';
import { addRevision, exampleDraft } from '../support/publishingFactory.js';
import { energyPiece, importLine, yuccaPiece } from '../support/storyFactory.js';
import { startWebhookReceiver } from '../support/feedServer.js';
import { upsertSources } from '../../server/commands/sources/upsertSources.js';
import { importSources } from '../../server/commands/sources/importSources.js';
import { suggestStoryUpdates } from '../../server/commands/publishing/suggestStoryUpdates.js';
import { deliverDue } from '../../server/publishing/webhooks/deliveries.js';
import { verifyWebhook } from '../../server/publishing/webhooks/sign.js';
import { contentHashOfPage } from '../../server/publishing/record/pageContent.js';
import { exportSite } from '../../server/publishing/export/exportSite.js';
import { runCli } from '../../server/cli/main.js';

type Ld = Record<string, unknown> & { mainEntityOfPage: { relatedLink?: string[] }; isBasedOn: unknown[] };

/** What a reader and a crawler get from a public page: the story notice's links and the JSON-LD. */
function readPage(html: string) {
  const doc = new JSDOM(html).window.document;
  const aside = doc.querySelector('article aside.story-links');
  return {
    notice: aside?.textContent.replace(/\s+/g, ' ').trim() ?? '',
    earlier: [...(aside?.querySelectorAll('.story-earlier a') ?? [])].map((a) => a.getAttribute('href')),
    updates: [...(aside?.querySelectorAll('.story-update a, .story-more a') ?? [])].map((a) => a.getAttribute('href')),
    unsigned: aside?.hasAttribute('data-unsigned') ?? false,
    ld: JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent) as Ld,
  };
}

/** The pass as the app runs it by default (STORY_UPDATE_WINDOW_DAYS). */
const WINDOW = { windowDays: 90 };

/** Pages carry absolute URLs; a configured public address makes them the same whichever port a request came in on. */
const ORIGIN = 'https://briefings.example.test';

describe.each(DB_KINDS)('story updates after publication: links and update_suggested (%s)', (kind) => {
  let t: TestApp;
  let editorUser: TestUser;
  let reviewerUser: TestUser;
  let editor: Session;
  let earlierId = '';

  async function publish(briefingId: string, title: string, slug: string) {
    const { signOffId } = await addRevision(t.db.prisma, briefingId, exampleDraft({ title }));
    // Signed by a real reviewer account, so the notifications have someone to reach.
    await t.db.prisma.signOff.update({
      where: { id: signOffId! },
      data: { reviewerId: reviewerUser.id, reviewerName: reviewerUser.displayName },
    });
    await editor.agent
      .post(`/api/briefings/${briefingId}/publish`)
      .set('X-CSRF-Token', editor.csrf)
      .send({ slug })
      .expect(201);
  }
  const importFile = (lines: string[]) =>
    importSources(t.db.prisma, null, { content: lines.join('\n') + '\n', filename: 'wire.jsonl', format: 'jsonl' });

  beforeAll(async () => {
    t = await startTestApp(kind, { WEBHOOK_ALLOW_PRIVATE: 'true', PUBLIC_URL: ORIGIN });
    editorUser = await makeUser(t, ['editor'], { displayName: 'Elena Editor' });
    reviewerUser = await makeUser(t, ['reviewer'], { displayName: 'Tom Sullivan' });
    editor = await signIn(t, editorUser);
    await upsertSources(
      t.db.prisma,
      null,
      Array.from({ length: 40 }, (_, i) => energyPiece(i)),
    );
    const [lead] = await upsertSources(t.db.prisma, null, [yuccaPiece(0), yuccaPiece(1), yuccaPiece(2)]);
    const started = await editor.agent
      .post('/api/briefings')
      .set('X-CSRF-Token', editor.csrf)
      .send({ leadSourceId: lead.id })
      .expect(201);
    earlierId = started.body.briefing.id;
    await publish(earlierId, 'Yucca Mountain repository faces a new challenge', 'yucca-challenge');
  }, 120_000);
  afterAll(() => t.close());

  test('a strongly matching import is announced once (signed webhook, notifications), however often it is imported or passes run; a weak one never', async () => {
    const admin = await signIn(t, await makeUser(t, ['admin']));
    const receiver = await startWebhookReceiver();
    const { received } = receiver;
    try {
      // The admin page offers the event, and an endpoint can subscribe to it alone.
      const form = await admin.agent.get('/admin/webhooks').expect(200);
      expect(form.text).toContain('value="update_suggested"');
      // The API's description lists it among the events an endpoint may subscribe to.
      expect(JSON.stringify((await admin.agent.get('/api/openapi.json').expect(200)).body)).toContain(
        '"update_suggested"',
      );
      const hook = await admin.agent
        .post('/api/webhooks')
        .set('X-CSRF-Token', admin.csrf)
        .send({ url: receiver.url('/hook'), events: ['update_suggested'] })
        .expect(201);

      // Nothing new yet: a pass announces nothing.
      expect((await suggestStoryUpdates(t.db.prisma, WINDOW)).suggested).toEqual([]);

      // A loosely related piece arrives: not a development, no event.
      await importFile([importLine(energyPiece(41))]);
      expect((await suggestStoryUpdates(t.db.prisma, WINDOW)).suggested).toEqual([]);

      // The court ruling arrives by import; two processes' passes run at once.
      const first = await importFile([importLine(yuccaPiece(3))]);
      expect(first.added).toBe(1);
      const news = await t.db.prisma.source.findFirstOrThrow({
        where: { url: yuccaPiece(3).url! },
        select: { id: true },
      });
      const passes = await Promise.all([
        suggestStoryUpdates(t.db.prisma, WINDOW),
        suggestStoryUpdates(t.db.prisma, WINDOW),
      ]);
      expect(passes.flatMap((p) => p.suggested)).toEqual([{ briefingId: earlierId, sourceId: news.id }]);
      expect(passes.flatMap((p) => p.failed)).toEqual([]);

      // The same file imported again, and more passes: nothing new.
      const again = await importFile([importLine(yuccaPiece(3))]);
      expect(again.unchanged).toBe(1);
      expect((await suggestStoryUpdates(t.db.prisma, WINDOW)).suggested).toEqual([]);
      expect((await suggestStoryUpdates(t.db.prisma, WINDOW)).suggested).toEqual([]);

      const events = await t.db.prisma.outboxEvent.findMany({ where: { type: 'update_suggested' } });
      expect(events).toHaveLength(1);
      // Delivered through the outbox, signed with the endpoint's secret, exactly once.
      while ((await deliverDue(t.db.prisma, 'test-sender', new Date(), { allowPrivate: true })) > 0);
      expect(received).toHaveLength(1);
      expect(verifyWebhook(hook.body.secret, received[0].timestamp, received[0].body, received[0].signature)).toBe(
        true,
      );
      expect(JSON.parse(received[0].body)).toMatchObject({
        type: 'update_suggested',
        data: {
          briefingId: earlierId,
          slug: 'yucca-challenge',
          version: 1,
          source: { id: news.id, publisher: 'Nevada Current', title: 'Yucca Mountain repository, part 4' },
          developmentsPath: `/publishing/${earlierId}`,
        },
      });

      // The reviewer who signed and the editor who published are told, once each, with a link to "Start an update".
      const notes = await t.db.prisma.notification.findMany({
        where: { briefingId: earlierId, kind: 'update_suggested' },
        select: { userId: true, link: true, message: true },
      });
      expect(notes.map((n) => n.userId).sort()).toEqual([editorUser.id, reviewerUser.id].sort());
      expect(notes[0].link).toBe(`/publishing/${earlierId}`);
      expect(notes[0].message).toContain('Nevada Current');
      const audit = await t.db.prisma.auditEvent.count({
        where: { entityId: earlierId, action: 'briefing.update_suggested' },
      });
      expect(audit).toBe(1);
    } finally {
      await receiver.close();
    }
  }, 60_000);

  test('several developments found in one pass reach each person as one notification saying how many; each keeps its own event', async () => {
    const pieces = [
      {
        slug: 'hearing',
        text: 'Congress scheduled a hearing on the Yucca Mountain repository after the federal court paused the licence review. Nevada officials said the seismic data must shape the Yucca Mountain repository plan.',
      },
      {
        slug: 'funding',
        text: 'The Energy Department asked for new funding to answer the court pause of the Yucca Mountain repository licence review. Regulators said the Yucca Mountain seismic data review will take a year.',
      },
    ].map(({ slug, text }) => ({
      ...yuccaPiece(3),
      url: `https://desk.example/yucca/${slug}`,
      title: `Yucca Mountain repository ${slug}`,
      text,
    }));
    expect((await importFile(pieces.map(importLine))).added).toBe(2);
    const ids = (
      await t.db.prisma.source.findMany({ where: { url: { in: pieces.map((p) => p.url) } }, select: { id: true } })
    ).map((s) => s.id);
    const noteCount = () =>
      t.db.prisma.notification.count({ where: { briefingId: earlierId, kind: 'update_suggested' } });
    const notesBefore = await noteCount();

    // Seen from 91 days on, the story is outside the 90-day window: nothing is announced.
    const late = await suggestStoryUpdates(t.db.prisma, {
      windowDays: 90,
      now: () => new Date(Date.now() + 91 * 86_400_000),
    });
    expect(late).toEqual({ briefings: 0, suggested: [], failed: [] });
    expect(await noteCount()).toBe(notesBefore);

    const pass = await suggestStoryUpdates(t.db.prisma, WINDOW);
    expect(
      pass.suggested
        .filter((s) => s.briefingId === earlierId)
        .map((s) => s.sourceId)
        .sort(),
    ).toEqual([...ids].sort());

    // One notification each for the reviewer who signed and the editor who published, naming the count.
    const notes = await t.db.prisma.notification.findMany({
      where: { briefingId: earlierId, kind: 'update_suggested' },
      orderBy: { createdAt: 'desc' },
      take: 2,
      select: { userId: true, message: true },
    });
    expect((await noteCount()) - notesBefore).toBe(2);
    expect(notes.map((n) => n.userId).sort()).toEqual([editorUser.id, reviewerUser.id].sort());
    for (const n of notes)
      expect(n.message).toMatch(
        /^2 new developments for "Yucca Mountain repository faces a new challenge", among them Nevada Current, "Yucca Mountain repository (hearing|funding)"/,
      );
    // Subscribers and the audit trail still get one event per source.
    const events = await t.db.prisma.outboxEvent.findMany({
      where: { briefingId: earlierId, type: 'update_suggested' },
      select: { payload: true },
    });
    const announced = events.map((e) => (e.payload as { source: { id: string } }).source.id);
    for (const id of ids) expect(announced.filter((x) => x === id)).toHaveLength(1);
    const audits = await t.db.prisma.auditEvent.findMany({
      where: { entityId: earlierId, action: 'briefing.update_suggested' },
      select: { data: true },
    });
    for (const id of ids)
      expect(audits.filter((a) => (a.data as { sourceId: string }).sourceId === id)).toHaveLength(1);
  }, 60_000);

  // The CLI opens its own connection from DATABASE_URL; an embedded PGlite database cannot be shared.
  if (kind === 'postgres')
    test('npm run cli -- story:suggest runs one pass now and names what it announced', async () => {
      const appeal = {
        ...yuccaPiece(3),
        url: 'https://desk.example/yucca/appeal',
        title: 'Yucca Mountain repository ruling appealed',
        text: 'Regulators appealed the federal court pause of the Yucca Mountain repository licence review. Nevada said the seismic data still send the Yucca Mountain repository plan back to regulators.',
      };
      expect((await importFile([importLine(appeal)])).added).toBe(1);
      const news = await t.db.prisma.source.findFirstOrThrow({ where: { url: appeal.url }, select: { id: true } });
      const run = async () => {
        let text = '';
        const out = new Writable({
          write(c, _e, cb) {
            text += String(c);
            cb();
          },
        });
        const env = { NODE_ENV: 'test', DATABASE_URL: t.db.url!, SESSION_SECRET: 's'.repeat(40), LOG_LEVEL: 'silent' };
        return { code: await runCli(['story:suggest'], env, { out, err: out }), text };
      };
      const first = await run();
      expect(first.code).toBe(0);
      expect(first.text).toContain(`${earlierId}  ${news.id}  suggested`);
      expect(first.text).toMatch(/1 new development\(s\) announced/);
      // A second pass has nothing new to say.
      expect((await run()).text).toMatch(/0 new development\(s\) announced/);
    });

  test('once the update is published, both pages, the feeds, the JSON-LD and the export link each other', async () => {
    // A reader (or a cache) holds the earlier page from before the update.
    const before = await request(t.app).get('/news/yucca-challenge').expect(200);
    expect(readPage(before.text).notice).toBe('');

    const news = await t.db.prisma.source.findFirstOrThrow({
      where: { url: yuccaPiece(3).url! },
      select: { id: true },
    });
    const started = await editor.agent
      .post('/api/briefings')
      .set('X-CSRF-Token', editor.csrf)
      .send({ leadSourceId: news.id, updateOfId: earlierId })
      .expect(201);
    const updateId: string = started.body.briefing.id;
    // Started but not published: the earlier page does not point to it yet.
    expect(readPage((await request(t.app).get('/news/yucca-challenge').expect(200)).text).notice).toBe('');
    await publish(updateId, 'Court pauses the Yucca Mountain licence review', 'yucca-court-pause');

    // The update names the story it follows ("Earlier")...
    const upd = readPage((await request(t.app).get('/news/yucca-court-pause').expect(200)).text);
    expect(upd.notice).toContain('Earlier This briefing updates Yucca Mountain repository faces a new challenge');
    expect(upd.earlier).toEqual(['/news/yucca-challenge']);
    expect(upd.unsigned).toBe(true);
    const origin = ORIGIN;
    expect(upd.ld.url).toBe(`${origin}/news/yucca-court-pause`);
    expect(upd.ld.isBasedOn).toContainEqual(
      expect.objectContaining({ '@type': 'NewsArticle', url: `${origin}/news/yucca-challenge` }),
    );
    // ...beside the sources it was drafted from, which stay listed.
    expect(upd.ld.isBasedOn.length).toBeGreaterThan(1);
    expect(upd.ld.mainEntityOfPage.relatedLink).toEqual([`${origin}/news/yucca-challenge`]);

    // ...and the earlier page, cached before, now points forward ("Update"): a revalidation gets the new page.
    const res = await request(t.app).get('/news/yucca-challenge').set('If-None-Match', before.headers.etag).expect(200);
    expect(res.headers.etag).not.toBe(before.headers.etag);
    const ear = readPage(res.text);
    expect(ear.notice).toContain('Update This story has moved on: Court pauses the Yucca Mountain licence review');
    expect(ear.updates).toEqual(['/news/yucca-court-pause']);
    expect(ear.ld.mainEntityOfPage.relatedLink).toEqual([`${origin}/news/yucca-court-pause`]);
    expect(ear.ld.isBasedOn).not.toContainEqual(expect.objectContaining({ '@type': 'NewsArticle' }));

    // The notice is outside what was signed: both pages still match their signed content hash.
    for (const slug of ['yucca-challenge', 'yucca-court-pause']) {
      const html = (await request(t.app).get(`/news/${slug}`).expect(200)).text;
      const row = await t.db.prisma.publication.findFirstOrThrow({ where: { slug }, select: { snapshot: true } });
      expect(contentHashOfPage(html)).toBe((row.snapshot as { contentHash: string }).contentHash);
    }

    // Feeds: in the text every reader shows, and in each format's own link field.
    const atom = (await request(t.app).get('/atom.xml').expect(200)).text;
    const entry = (slug: string) => atom.split('<entry>').find((e) => e.includes(`<id>${origin}/news/${slug}</id>`))!;
    expect(entry('yucca-court-pause')).toContain(
      `<link rel="related" type="text/html" href="${origin}/news/yucca-challenge" title="Yucca Mountain repository faces a new challenge"/>`,
    );
    expect(entry('yucca-challenge')).toContain(
      `<link rel="related" type="text/html" href="${origin}/news/yucca-court-pause"`,
    );
    expect(entry('yucca-challenge')).toContain('Update:');
    const rss = (await request(t.app).get('/feed.xml').expect(200)).text;
    expect(rss).toContain(`<atom:link rel="related" type="text/html" href="${origin}/news/yucca-challenge"`);
    const json = (await request(t.app).get('/feed.json').expect(200)).body as {
      items: {
        url: string;
        content_html: string;
        _story?: { earlier: { url: string } | null; updates: { url: string }[] };
      }[];
    };
    const item = (slug: string) => json.items.find((i) => i.url === `${origin}/news/${slug}`)!;
    expect(item('yucca-court-pause')._story?.earlier?.url).toBe(`${origin}/news/yucca-challenge`);
    expect(item('yucca-court-pause').content_html).toContain(
      `Earlier:</strong> this briefing updates <a href="${origin}/news/yucca-challenge">`,
    );
    expect(item('yucca-challenge')._story?.updates.map((u) => u.url)).toEqual([`${origin}/news/yucca-court-pause`]);

    // The static export carries the same links.
    const dir = mkdtempSync(path.join(tmpdir(), 'story-export-'));
    const deps = t.booted.deps;
    await exportSite(
      { db: t.db.prisma, views: deps.views, config: deps.config, origin: 'https://cdn.example.test' },
      dir,
    );
    const exported = (slug: string) => readPage(readFileSync(path.join(dir, `news/${slug}/index.html`), 'utf8'));
    expect(exported('yucca-court-pause').earlier).toEqual(['/news/yucca-challenge']);
    expect(exported('yucca-challenge').updates).toEqual(['/news/yucca-court-pause']);
    // The version permalink stays the stored page.
    expect(readFileSync(path.join(dir, 'news/yucca-challenge/v/1/index.html'), 'utf8')).not.toContain('story-links');

    // Withdrawn, the update drops out of the earlier page.
    await editor.agent
      .post(`/api/briefings/${updateId}/unpublish`)
      .set('X-CSRF-Token', editor.csrf)
      .send({})
      .expect(200);
    expect(readPage((await request(t.app).get('/news/yucca-challenge').expect(200)).text).notice).toBe('');
  }, 60_000);
});
