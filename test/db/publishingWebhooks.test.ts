import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import {
  csrfFromHtml,
  makeUser,
  signIn,
  startTestApp,
  type Session,
  type TestApp,
  actorFor,
} from '../support/testApp.js';
import { addRevision, exampleDraft, makeBriefing } from '../support/publishingFactory.js';
import { waitFor } from '../support/draftingFactory.js';
import { publishBriefing } from '../../server/commands/publishing/publishBriefing.js';
import { publishCorrection } from '../../server/commands/publishing/publishCorrection.js';
import { unpublishBriefing } from '../../server/commands/publishing/unpublishBriefing.js';
import { claimDueDeliveries, deliverDue, deliverOne } from '../../server/publishing/webhooks/deliveries.js';
import { loadConfig } from '../../server/env.js';
import { verifyWebhook } from '../../server/publishing/webhooks/sign.js';
import { WEBHOOK_EVENTS } from '../../server/publishing/outbox.js';
import type { Actor } from '../../server/policies/actor.js';

interface Received {
  id: string;
  type: string;
  briefingId: string;
  headerId: string;
  signed: boolean;
}

/** A receiver on 127.0.0.1 that can be "down" (500 or a dropped connection). */
async function startReceiver(secret: () => string) {
  const received: Received[] = [];
  let mode: 'up' | '500' | 'drop' | 'hang' | 'held' = 'up';
  // 'held': answered only when the test calls release(), so "still in flight" does not depend on timing.
  const held: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (mode === 'drop') return req.socket.destroy();
      if (mode === '500') return res.writeHead(500).end('down');
      const parsed = JSON.parse(body);
      const hang = mode === 'hang';
      received.push({
        id: parsed.id,
        type: parsed.type,
        briefingId: parsed.data.briefingId,
        headerId: String(req.headers['x-webhook-id']),
        signed: verifyWebhook(
          secret(),
          String(req.headers['x-webhook-timestamp']),
          body,
          String(req.headers['x-webhook-signature']),
        ),
      });
      // Received but never answered: the sender cannot tell it arrived (it "crashes" before the answer).
      if (mode === 'held') held.push(() => res.writeHead(204).end());
      else if (!hang) res.writeHead(204).end();
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    setMode: (m: typeof mode) => (mode = m),
    release: () => held.splice(0).forEach((answer) => answer()),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe.each(DB_KINDS)('Publishing webhooks (%s)', (kind) => {
  let t: TestApp;
  let admin: Session;
  let editor: Actor;
  beforeAll(async () => {
    t = await startTestApp(kind, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    admin = await signIn(t, await makeUser(t, ['admin']));
    const e = await makeUser(t, ['editor']);
    editor = actorFor(e);
  });
  afterAll(() => t.close());
  afterEach(() => t.db.prisma.webhookEndpoint.deleteMany());

  test('an endpoint down for an hour then up receives every event, in order per briefing, signed, with its event id', async () => {
    let secret = '';
    const rx = await startReceiver(() => secret);
    try {
      const created = await admin.agent
        .post('/api/webhooks')
        .set('X-CSRF-Token', admin.csrf)
        .send({ url: rx.url, description: 'CMS' })
        .expect(201);
      secret = created.body.secret;
      expect(secret).toMatch(/^whsec_/);
      // Every event by default, including the schedule events (issue 12).
      expect(created.body.events).toEqual([...WEBHOOK_EVENTS]);
      const listed = await admin.agent.get('/api/webhooks').expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(secret);

      let clock = new Date('2026-05-01T08:00:00Z');
      const deps = { ...t.booted.deps, now: () => clock };
      rx.setMode('500');
      const a = await makeBriefing(t.db.prisma, { content: exampleDraft({ slugSuggestion: 'hook-a' }) });
      const b = await makeBriefing(t.db.prisma, { content: exampleDraft({ slugSuggestion: 'hook-b' }) });
      await publishBriefing(deps, editor, { briefingId: a.briefingId });
      await publishBriefing(deps, editor, { briefingId: b.briefingId });
      await addRevision(t.db.prisma, a.briefingId, exampleDraft({ slugSuggestion: 'hook-a', title: 'Corrected A' }));
      await publishCorrection(deps, editor, { briefingId: a.briefingId, note: 'Fixed a figure.' });
      await unpublishBriefing(deps, editor, { briefingId: a.briefingId, reason: 'retracted' });

      const start = clock.getTime();
      let phase = 0;
      for (let minute = 0; minute <= 240; minute += 5) {
        clock = new Date(start + minute * 60_000);
        if (minute >= 60) rx.setMode('up');
        else rx.setMode(phase++ % 2 ? 'drop' : '500');
        while ((await deliverDue(t.db.prisma, 'worker-1', clock, { allowPrivate: true })) > 0);
      }

      const events = await t.db.prisma.outboxEvent.findMany({
        orderBy: { id: 'asc' },
        select: { eventId: true, type: true, briefingId: true },
      });
      const mine = events.filter((e) => e.briefingId === a.briefingId || e.briefingId === b.briefingId);
      expect(mine.map((e) => e.type)).toEqual(['published', 'published', 'corrected', 'unpublished']);
      // Every event arrived at least once, signed, with X-Webhook-Id equal to the body's id.
      for (const e of mine) expect(rx.received.some((r) => r.id === e.eventId)).toBe(true);
      expect(rx.received.every((r) => r.signed && r.headerId === r.id)).toBe(true);
      // Per briefing, first arrivals follow the order the events happened in.
      for (const id of [a.briefingId, b.briefingId]) {
        const expected = mine.filter((e) => e.briefingId === id).map((e) => e.eventId);
        const firstSeen = [...new Set(rx.received.filter((r) => r.briefingId === id).map((r) => r.id))];
        expect(firstSeen).toEqual(expected);
      }
      const log = await admin.agent.get(`/api/webhooks/${created.body.id}/deliveries`).expect(200);
      expect(log.body.deliveries.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
      expect(Math.max(...log.body.deliveries.map((d: { attempts: number }) => d.attempts))).toBeGreaterThan(3);

      // The admin log page shows the deliveries, and a manual retry sends one again.
      const page = await admin.agent.get(`/admin/webhooks/${created.body.id}`).expect(200);
      expect(page.text).toContain(mine[0].eventId);
      const first = log.body.deliveries.at(-1);
      await admin.agent
        .post(`/admin/webhooks/deliveries/${first.id}/retry`)
        .type('form')
        .send({ _csrf: csrfFromHtml(page.text) })
        .expect(303);
      const before = rx.received.length;
      // The retry made it due at the app's real "now".
      while ((await deliverDue(t.db.prisma, 'worker-1', new Date(Date.now() + 1000), { allowPrivate: true })) > 0);
      expect(rx.received.slice(before).map((r) => r.id)).toEqual([first.eventId]);
    } finally {
      await rx.close();
    }
  });

  test("a crashed worker's lease delays its delivery only until the lease expires; a second process never overtakes the order", async () => {
    const rx = await startReceiver(() => 'x'.repeat(16));
    try {
      await admin.agent
        .post('/api/webhooks')
        .set('X-CSRF-Token', admin.csrf)
        .send({ url: rx.url, secret: 'x'.repeat(16), events: ['published', 'unpublished'] })
        .expect(201);
      const now = new Date('2026-06-01T00:00:00Z');
      const deps = { ...t.booted.deps, now: () => now };
      const b = await makeBriefing(t.db.prisma, { content: exampleDraft({ slugSuggestion: 'lease-check' }) });
      await publishBriefing(deps, editor, { briefingId: b.briefingId });
      await unpublishBriefing(deps, editor, { briefingId: b.briefingId });

      // Process A claims the first event and dies without answering.
      expect(await claimDueDeliveries(t.db.prisma, 'crashed', now)).toHaveLength(1);
      // Process B sees nothing it may send: the second event waits behind the first.
      expect(await claimDueDeliveries(t.db.prisma, 'other', now)).toHaveLength(0);
      const later = new Date(now.getTime() + 61_000);
      while ((await deliverDue(t.db.prisma, 'other', later, { allowPrivate: true })) > 0);
      expect(rx.received.map((r) => r.type)).toEqual(['published', 'unpublished']);
    } finally {
      await rx.close();
    }
  });

  test('a delivery in flight at a crash is sent again with the same x-webhook-id within 15 s, and the crashed attempt is counted', async () => {
    const rx = await startReceiver(() => 'y'.repeat(16));
    try {
      await admin.agent
        .post('/api/webhooks')
        .set('X-CSRF-Token', admin.csrf)
        .send({ url: rx.url, secret: 'y'.repeat(16), events: ['published'] })
        .expect(201);
      const now = new Date('2026-07-01T00:00:00Z');
      const deps = { ...t.booted.deps, now: () => now };
      const b = await makeBriefing(t.db.prisma, { content: exampleDraft({ slugSuggestion: 'crash-resend' }) });
      await publishBriefing(deps, editor, { briefingId: b.briefingId });

      // Process A claims the delivery with the default lease, POSTs it, and dies before the answer:
      // it never heart-beats again and never records an outcome.
      rx.setMode('hang');
      const leaseMs = loadConfig({}).leases.leaseMs;
      const [id] = await claimDueDeliveries(t.db.prisma, 'crashed', now, 10, leaseMs);
      expect(id).toBeDefined();
      const inFlight = deliverOne(t.db.prisma, id, 'crashed', now, { allowPrivate: true, timeoutMs: 60_000 });
      await waitFor(() => Promise.resolve(rx.received.length > 0), 'the crashed attempt to arrive');
      expect(rx.received).toHaveLength(1);

      // Process B, 15 s later by the same clock, takes it over and sends it again.
      rx.setMode('up');
      const later = new Date(now.getTime() + 15_000);
      expect(await deliverDue(t.db.prisma, 'other', later, { allowPrivate: true })).toBe(1);
      expect(rx.received).toHaveLength(2);
      expect(rx.received[1].headerId).toBe(rx.received[0].headerId);
      expect(rx.received[1].id).toBe(rx.received[0].id);
      const d = await t.db.prisma.webhookDelivery.findUniqueOrThrow({
        where: { id },
        select: { status: true, attempts: true },
      });
      expect(d).toEqual({ status: 'delivered', attempts: 2 });

      // The crashed attempt's late answer (here: its connection closing) changes nothing.
      await rx.close();
      await inFlight;
      expect(
        await t.db.prisma.webhookDelivery.findUniqueOrThrow({
          where: { id },
          select: { status: true, attempts: true },
        }),
      ).toEqual({ status: 'delivered', attempts: 2 });
    } finally {
      await rx.close();
    }
  });

  test('a POST slower than the lease keeps its lease by heartbeat: no second process sends the event meanwhile', async () => {
    const rx = await startReceiver(() => 'z'.repeat(16));
    try {
      await admin.agent
        .post('/api/webhooks')
        .set('X-CSRF-Token', admin.csrf)
        .send({ url: rx.url, secret: 'z'.repeat(16), events: ['published'] })
        .expect(201);
      const now = new Date('2026-08-01T00:00:00Z');
      const deps = { ...t.booted.deps, now: () => now };
      const b = await makeBriefing(t.db.prisma, { content: exampleDraft({ slugSuggestion: 'slow-receiver' }) });
      await publishBriefing(deps, editor, { briefingId: b.briefingId });

      rx.setMode('held'); // answered only after the check below; the lease is 1 s
      const leases = { leaseMs: 1_000, heartbeatMs: 200 };
      const first = deliverDue(t.db.prisma, 'live', now, { allowPrivate: true, leases });
      await waitFor(() => Promise.resolve(rx.received.length > 0), 'the POST to arrive');
      // A lower bound: the POST has been in flight longer than the lease.
      await new Promise((r) => setTimeout(r, 1_100));
      // Wait for the renewal itself rather than trusting a heartbeat to have landed by now.
      await waitFor(async () => {
        const d = await t.db.prisma.webhookDelivery.findFirst({ where: { leaseOwner: 'live' } });
        return d?.leaseExpiresAt && d.leaseExpiresAt.getTime() > now.getTime() + 1_100;
      }, 'the heartbeat to renew the lease');
      // By the clock the first lease alone would have run out; the heartbeat has renewed it.
      expect(
        await deliverDue(t.db.prisma, 'other', new Date(now.getTime() + 1_100), { allowPrivate: true, leases }),
      ).toBe(0);
      rx.release();
      expect(await first).toBe(1);
      expect(rx.received).toHaveLength(1);
    } finally {
      await rx.close();
    }
  });

  test('bad endpoint input is refused with the field, and deliveries respect the SSRF policy without the override', async () => {
    const bad = await admin.agent
      .post('/api/webhooks')
      .set('X-CSRF-Token', admin.csrf)
      .send({ url: 'ftp://x', events: ['nope'] })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['events.0', 'url']);
    await admin.agent
      .post('/api/webhooks')
      .set('X-CSRF-Token', admin.csrf)
      .send({ url: 'https://a.example', secret: 'short' })
      .expect(400);
    const editorSession = await signIn(t, await makeUser(t, ['editor']));
    await editorSession.agent
      .post('/api/webhooks')
      .set('X-CSRF-Token', editorSession.csrf)
      .send({ url: 'https://a.example' })
      .expect(403);
    expect(await t.db.prisma.webhookEndpoint.count()).toBe(0);

    const strict = await startTestApp(kind);
    try {
      const s = await signIn(strict, await makeUser(strict, ['admin']));
      const refused = await s.agent
        .post('/api/webhooks')
        .set('X-CSRF-Token', s.csrf)
        .send({ url: 'http://127.0.0.1:9/hook' })
        .expect(400);
      expect(refused.body.errors).toEqual([{ field: 'url', message: 'is not allowed: loopback address' }]);
      // A name that resolves to a private address is caught at delivery time.
      const e = await strict.db.prisma.webhookEndpoint.create({
        data: { url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(16), events: ['published'] },
      });
      const ed = await makeUser(strict, ['editor']);
      const b = await makeBriefing(strict.db.prisma);
      await publishBriefing(strict.booted.deps, actorFor(ed), { briefingId: b.briefingId });
      await deliverDue(strict.db.prisma, 'w', new Date());
      const d = await strict.db.prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: e.id } });
      expect(d).toMatchObject({ status: 'pending', attempts: 1 });
      expect(d.lastError).toContain('loopback');
      const page = await s.agent.get('/admin/webhooks').expect(200);
      expect(page.text).toContain('http://127.0.0.1:9/hook');
    } finally {
      await strict.close();
    }
    await request(t.app).get('/api/webhooks').expect(401);
  });
});
