import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DB_KINDS } from '../support/testDb.js';
import {
  csrfFromHtml,
  makeUser,
  signIn,
  startTestApp,
  type Session,
  type TestApp,
  type TestUser,
} from '../support/testApp.js';
import { makeReviewBriefing } from '../support/reviewFactory.js';
import { connectDatabase, type Database } from '../../server/db/connect.js';
import type { AppDeps } from '../../server/deps.js';
import { publishDueSchedule } from '../../server/workers/scheduledPublisher.js';
import { claimDueSchedule } from '../../server/publishing/claimSchedule.js';
import { publishScheduled } from '../../server/commands/publishing/publishScheduled.js';
import { deliverDue } from '../../server/publishing/webhooks/deliveries.js';
import { verifyWebhook } from '../../server/publishing/webhooks/sign.js';

const HOUR = 3_600_000;

describe.each(DB_KINDS)('Scheduled publishing and embargo (%s)', (kind) => {
  let t: TestApp;
  let deps: AppDeps;
  let editor: TestUser;
  let reviewer: TestUser;
  let es: Session;
  let rs: Session;
  beforeAll(async () => {
    t = await startTestApp(kind, { PUBLIC_URL: 'https://news.example.test' });
    deps = t.booted.deps;
    editor = await makeUser(t, ['editor'], { displayName: 'Elena Editor' });
    reviewer = await makeUser(t, ['reviewer'], { displayName: 'Rita Reviewer' });
    [es, rs] = await Promise.all([signIn(t, editor), signIn(t, reviewer)]);
  });
  afterAll(() => t.close());

  const put = (s: Session, url: string, body: object) => s.agent.put(url).set('X-CSRF-Token', s.csrf).send(body);
  const post = (s: Session, url: string, body: object = {}) => s.agent.post(url).set('X-CSRF-Token', s.csrf).send(body);
  const signed = (over: Parameters<typeof makeReviewBriefing>[1] = {}) =>
    makeReviewBriefing(t.db.prisma, { state: 'approved', signedBy: reviewer, createdById: editor.id, ...over });
  /** The app's deps with the clock set to `at`: what a worker sees when that moment comes. */
  const at = (when: Date, db: Database = t.db): AppDeps => ({ ...deps, db, now: () => when });
  const publications = (briefingId: string) => t.db.prisma.publication.count({ where: { briefingId } });
  const snapshotCounts = async () => ({
    schedules: await t.db.prisma.publishSchedule.count(),
    audit: await t.db.prisma.auditEvent.count(),
    outbox: await t.db.prisma.outboxEvent.count(),
    publications: await t.db.prisma.publication.count(),
  });

  test('a scheduled briefing publishes exactly the signed revision, once, when two workers race at its time', async () => {
    const b = await signed();
    const runAt = new Date(Date.now() + HOUR);
    const res = await put(es, `/api/briefings/${b.briefingId}/schedule`, { at: runAt.toISOString() }).expect(201);
    expect(res.body.schedule).toMatchObject({ status: 'pending', runAt: runAt.toISOString(), revision: 1 });
    const state = await es.agent.get(`/api/briefings/${b.briefingId}/schedule`).expect(200);
    expect(state.body.schedule.status).toBe('pending');
    expect(await t.db.prisma.outboxEvent.count({ where: { briefingId: b.briefingId, type: 'scheduled' } })).toBe(1);

    // A minute early, nothing is due.
    expect(await publishDueSchedule(at(new Date(runAt.getTime() - 60_000)), 'early')).toBeNull();
    expect(await publications(b.briefingId)).toBe(0);

    // Two processes (on PostgreSQL, two separate connection pools) race from the due time.
    let other: Database | undefined;
    if (kind === 'postgres') other = await connectDatabase({ kind: 'postgres', url: t.db.url!, poolSize: 3 });
    try {
      const due = new Date(runAt.getTime() + 1000);
      const drain = async (d: AppDeps, owner: string) => {
        const outcomes: string[] = [];
        for (let r = await publishDueSchedule(d, owner); r; r = await publishDueSchedule(d, owner))
          outcomes.push(r.outcome);
        return outcomes;
      };
      const [a, c] = await Promise.all([drain(at(due), 'process-a'), drain(at(due, other ?? t.db), 'process-b')]);
      expect([...a, ...c].filter((o) => o === 'published')).toHaveLength(1);
    } finally {
      await other?.close();
    }
    const pubs = await t.db.prisma.publication.findMany({
      where: { briefingId: b.briefingId },
      select: { revisionId: true, publishedById: true, publishedAt: true },
    });
    expect(pubs).toEqual([
      { revisionId: b.currentRevisionId, publishedById: editor.id, publishedAt: new Date(runAt.getTime() + 1000) },
    ]);
    const row = await t.db.prisma.publishSchedule.findFirstOrThrow({ where: { briefingId: b.briefingId } });
    expect(row.status).toBe('published');
    expect(
      await t.db.prisma.auditEvent.count({ where: { entityId: b.briefingId, action: 'briefing.published' } }),
    ).toBe(1);
    const note = await t.db.prisma.notification.findFirst({
      where: { userId: editor.id, briefingId: b.briefingId, kind: 'scheduled_published' },
    });
    expect(note?.message).toContain('published as scheduled');
    // Later passes find nothing.
    expect(await publishDueSchedule(at(new Date(runAt.getTime() + 2 * HOUR)), 'later')).toBeNull();
  });

  test('a worker whose lease ran out mid-publish and its successor: the publish transaction lets only one through', async () => {
    const b = await signed();
    const runAt = new Date(Date.now() + HOUR);
    await put(es, `/api/briefings/${b.briefingId}/schedule`, { at: runAt.toISOString() }).expect(201);
    const t1 = new Date(runAt.getTime() + 1000);
    const id = await claimDueSchedule(t.db.prisma, 'slow', t1, 5000);
    expect(id).not.toBeNull();
    // The slow worker's lease has expired: a second one claims the same row.
    const t2 = new Date(t1.getTime() + 6000);
    expect(await claimDueSchedule(t.db.prisma, 'fast', t2, 5000)).toBe(id);
    const [slow, fast] = await Promise.all([
      publishScheduled(at(t1), id!, 'slow'),
      publishScheduled(at(t2), id!, 'fast'),
    ]);
    expect([slow.outcome, fast.outcome]).toEqual(['lost', 'published']);
    expect(await publications(b.briefingId)).toBe(1);
  });

  test('an edit voids the schedule with the sign-off, in the same change, and the editor is told (notification, audit, webhook)', async () => {
    const b = await signed();
    const runAt = new Date(Date.now() + HOUR);
    await put(es, `/api/briefings/${b.briefingId}/schedule`, { at: runAt.toISOString() }).expect(201);
    await post(rs, `/api/briefings/${b.briefingId}/revisions`, {
      baseRevisionId: b.currentRevisionId,
      sections: { title: 'Rare earth licences: a changed title' },
    }).expect(201);
    const row = await t.db.prisma.publishSchedule.findFirstOrThrow({ where: { briefingId: b.briefingId } });
    expect(row.status).toBe('voided');
    expect(row.reason).toMatch(/Content changed in revision 2/);
    const signOffs = await t.db.prisma.signOff.findMany({ where: { briefingId: b.briefingId } });
    expect(signOffs.every((s) => s.voidedAt?.getTime() === row.finishedAt?.getTime())).toBe(true);
    const note = await t.db.prisma.notification.findFirst({
      where: { userId: editor.id, briefingId: b.briefingId, kind: 'schedule_voided' },
    });
    expect(note?.message).toMatch(/scheduled for .+ \(UTC\) was cancelled: Content changed/);
    const audit = await t.db.prisma.auditEvent.findFirst({
      where: { entityId: b.briefingId, action: 'briefing.schedule_voided' },
      select: { actorId: true, data: true },
    });
    expect(audit).toMatchObject({ actorId: reviewer.id, data: { scheduleId: row.id } });
    expect(await t.db.prisma.outboxEvent.count({ where: { briefingId: b.briefingId, type: 'schedule_voided' } })).toBe(
      1,
    );
    // The editor sees it on the draft page, and nothing is published at the time.
    const page = await es.agent.get(`/briefings/${b.briefingId}`).expect(200);
    expect(page.text).toContain('was voided: Content changed in revision 2.');
    expect(await publishDueSchedule(at(new Date(runAt.getTime() + 1000)), 'w')).toBeNull();
    expect(await publications(b.briefingId)).toBe(0);
  });

  test.each([
    ['withdraw', (id: string) => post(es, `/api/briefings/${id}/withdraw`, { reason: 'Story killed.' })],
    ['request changes', (id: string) => post(rs, `/api/briefings/${id}/request-changes`, { reason: 'Check the 20%.' })],
    ['regenerate', (id: string) => post(es, `/api/briefings/${id}/regenerate`, { instructions: 'Shorter.' })],
  ])('%s voids a pending schedule too', async (_name, act) => {
    const b = await signed();
    await put(es, `/api/briefings/${b.briefingId}/schedule`, { at: new Date(Date.now() + HOUR).toISOString() }).expect(
      201,
    );
    const r = await act(b.briefingId);
    expect(r.status).toBeLessThan(300);
    const row = await t.db.prisma.publishSchedule.findFirstOrThrow({ where: { briefingId: b.briefingId } });
    expect(row.status).toBe('voided');
  });

  test('an editor cancels a schedule; the sign-off stays and it can be published by hand', async () => {
    const b = await signed();
    await put(es, `/api/briefings/${b.briefingId}/schedule`, { at: new Date(Date.now() + HOUR).toISOString() }).expect(
      201,
    );
    const cancelled = await es.agent
      .delete(`/api/briefings/${b.briefingId}/schedule`)
      .set('X-CSRF-Token', es.csrf)
      .expect(200);
    expect(cancelled.body).toEqual({ cancelled: 1 });
    const again = await es.agent
      .delete(`/api/briefings/${b.briefingId}/schedule`)
      .set('X-CSRF-Token', es.csrf)
      .expect(409);
    expect(again.body.code).toBe('not_scheduled');
    await post(es, `/api/briefings/${b.briefingId}/publish`).expect(201);
  });

  test('embargo: publishing and scheduling before it are refused naming the source and the time; after it, allowed', async () => {
    const b = await signed({ sourceTitle: 'Embargoed licence story' });
    const until = new Date(Math.ceil((Date.now() + 2 * HOUR) / 1000) * 1000);
    const set = await put(es, `/api/sources/${b.sourceId}/embargo`, { notBefore: until.toISOString() }).expect(200);
    expect(set.body.notBefore).toBe(until.toISOString());
    const before = await snapshotCounts();

    const early = await put(es, `/api/briefings/${b.briefingId}/schedule`, {
      at: new Date(until.getTime() - HOUR).toISOString(),
    }).expect(409);
    expect(early.body.code).toBe('source_embargoed');
    expect(early.body.detail).toContain('Embargoed licence story');
    expect(early.body.detail).toContain(until.toISOString());
    const now = await post(es, `/api/briefings/${b.briefingId}/publish`).expect(409);
    expect(now.body.code).toBe('source_embargoed');
    expect(await snapshotCounts()).toEqual(before);

    await put(es, `/api/briefings/${b.briefingId}/schedule`, {
      at: new Date(until.getTime() + 60_000).toISOString(),
    }).expect(201);
    // Moving the embargo past the scheduled time voids the schedule; moving it back lets a new one stand.
    const later = await put(es, `/api/sources/${b.sourceId}/embargo`, {
      notBefore: new Date(until.getTime() + HOUR).toISOString(),
    }).expect(200);
    expect(later.body.schedulesVoided).toBe(1);
    await put(es, `/api/sources/${b.sourceId}/embargo`, { notBefore: until.toISOString() }).expect(200);
    await put(es, `/api/briefings/${b.briefingId}/schedule`, {
      at: new Date(until.getTime() + 60_000).toISOString(),
    }).expect(201);
    expect((await publishDueSchedule(at(new Date(until.getTime() + 61_000)), 'w'))?.outcome).toBe('published');
    expect(await publications(b.briefingId)).toBe(1);
  });

  test('bad input: a past time, an unsigned revision, a missing or doubled time → 4xx naming the reason, nothing changed', async () => {
    const b = await signed();
    const unsigned = await makeReviewBriefing(t.db.prisma, { state: 'approved', createdById: editor.id });
    const inReview = await makeReviewBriefing(t.db.prisma, { state: 'in_review', createdById: editor.id });
    const before = await snapshotCounts();
    const past = await put(es, `/api/briefings/${b.briefingId}/schedule`, {
      at: new Date(Date.now() - 60_000).toISOString(),
    }).expect(400);
    expect(past.body.errors).toEqual([expect.objectContaining({ field: 'runAt' })]);
    expect(past.body.detail).toMatch(/in the past/);
    const noSignOff = await put(es, `/api/briefings/${unsigned.briefingId}/schedule`, {
      at: new Date(Date.now() + HOUR).toISOString(),
    }).expect(409);
    expect(noSignOff.body.code).toBe('not_signed_off');
    const notApproved = await put(es, `/api/briefings/${inReview.briefingId}/schedule`, {
      at: new Date(Date.now() + HOUR).toISOString(),
    }).expect(409);
    expect(notApproved.body.code).toBe('invalid_transition');
    const missing = await put(es, `/api/briefings/${b.briefingId}/schedule`, {}).expect(400);
    expect(JSON.stringify(missing.body.errors)).toContain('at');
    const both = await put(es, `/api/briefings/${b.briefingId}/schedule`, {
      at: new Date(Date.now() + HOUR).toISOString(),
      localTime: '2030-01-01T09:00',
    }).expect(400);
    expect(JSON.stringify(both.body.errors)).toContain('localTime');
    await put(es, `/api/briefings/${b.briefingId}/schedule`, { localTime: '2030-02-31T09:00' }).expect(400);
    await put(es, `/api/briefings/${b.briefingId}/schedule`, {
      localTime: '2030-01-01T09:00',
      timezone: 'Mars/Olympus',
    }).expect(400);
    await put(rs, `/api/briefings/${b.briefingId}/schedule`, { at: new Date(Date.now() + HOUR).toISOString() }).expect(
      403,
    );
    await put(es, `/api/sources/${b.sourceId}/embargo`, { notBefore: 'tomorrow' }).expect(400);
    expect(await snapshotCounts()).toEqual(before);
  });

  test('the draft page form takes a local time in the viewer’s timezone, stores UTC and shows it back in that timezone', async () => {
    const b = await signed();
    const page = await es.agent.get(`/briefings/${b.briefingId}`).expect(200);
    expect(page.text).toContain('Schedule publication');
    expect(page.text).toContain('name="timezone" value="UTC"');
    await es.agent
      .post(`/briefings/${b.briefingId}/schedule`)
      .type('form')
      .send({ _csrf: csrfFromHtml(page.text), localTime: '2031-07-01T09:30', timezone: 'Europe/Berlin', slug: '' })
      .expect(303);
    const row = await t.db.prisma.publishSchedule.findFirstOrThrow({ where: { briefingId: b.briefingId } });
    expect(row.runAt.toISOString()).toBe('2031-07-01T07:30:00.000Z');
    expect(row.timezone).toBe('Europe/Berlin');
    // The API takes the same wall-clock form; without a timezone it is the caller's own (UTC here).
    const api = await put(es, `/api/briefings/${b.briefingId}/schedule`, { localTime: '2031-07-01T09:30' }).expect(201);
    expect(api.body.schedule.runAt).toBe('2031-07-01T09:30:00.000Z');
    await t.db.prisma.user.update({ where: { id: editor.id }, data: { timezone: 'America/New_York' } });
    const viewer = await signIn(t, editor);
    const shown = await viewer.agent.get(`/briefings/${b.briefingId}`).expect(200);
    expect(shown.text).toContain('<time datetime="2031-07-01T09:30:00.000Z">1 Jul 2031, 05:30</time>');
    await viewer.agent
      .post(`/briefings/${b.briefingId}/schedule/cancel`)
      .type('form')
      .send({ _csrf: csrfFromHtml(shown.text) })
      .expect(303);
    expect(
      (
        await t.db.prisma.publishSchedule.findFirstOrThrow({
          where: { briefingId: b.briefingId, status: 'voided', timezone: 'UTC' },
        })
      ).reason,
    ).toMatch(/Cancelled by Elena Editor/);
    await t.db.prisma.user.update({ where: { id: editor.id }, data: { timezone: 'UTC' } });
  });
  test('webhooks: "scheduled" and "schedule_voided" reach a subscribed endpoint through the outbox, signed', async () => {
    const received: { type: string; data: Record<string, unknown>; signed: boolean }[] = [];
    const secret = 'whsec_schedule-test';
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const ts = String(req.headers['x-webhook-timestamp']);
        const sig = String(req.headers['x-webhook-signature']);
        const parsed = JSON.parse(body) as { type: string; data: Record<string, unknown> };
        received.push({ ...parsed, signed: verifyWebhook(secret, ts, body, sig) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const endpoint = await t.db.prisma.webhookEndpoint.create({
      data: { url, secret, events: ['scheduled', 'schedule_voided'] },
    });
    try {
      const b = await signed();
      const runAt = new Date(Date.now() + HOUR).toISOString();
      await put(es, `/api/briefings/${b.briefingId}/schedule`, { at: runAt }).expect(201);
      await post(es, `/api/briefings/${b.briefingId}/withdraw`, { reason: 'Story killed.' }).expect(200);
      while ((await deliverDue(t.db.prisma, 'hooks', new Date(), { allowPrivate: true })) > 0);
      const mine = received.filter((r) => r.data.briefingId === b.briefingId);
      expect(mine.map((r) => [r.type, r.signed])).toEqual([
        ['scheduled', true],
        ['schedule_voided', true],
      ]);
      expect(mine[0].data).toMatchObject({ runAt, revision: 1 });
      expect(mine[1].data).toMatchObject({ runAt, status: 'voided', reason: 'Briefing withdrawn.' });
    } finally {
      await t.db.prisma.webhookEndpoint.delete({ where: { id: endpoint.id } });
      await new Promise((r) => server.close(r));
    }
  });
});
