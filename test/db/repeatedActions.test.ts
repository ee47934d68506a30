import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type Session, type TestApp, type TestUser } from '../support/testApp.js';
import { makeReviewBriefing, reviewContent } from '../support/reviewFactory.js';

/**
 * Doing again what is already done (a second click, a resent form, a client retrying after a
 * timeout) changes nothing: no second audit event, no second notification, and the briefing's
 * version stays put so other people's open forms are not made stale. Sent one after the other and
 * several at once.
 */
const COPIES = 3;

describe.each(DB_KINDS)('an action repeated that changes nothing is no new event (%s)', (kind) => {
  let t: TestApp;
  let editor: TestUser;
  let reviewer: TestUser;
  let es: Session;
  let rs: Session;
  beforeAll(async () => {
    t = await startTestApp(kind, { WORKERS: 'false' });
    editor = await makeUser(t, ['editor'], { displayName: 'Elena Editor' });
    reviewer = await makeUser(t, ['reviewer'], { displayName: 'Rita Reviewer' });
    [es, rs] = await Promise.all([signIn(t, editor), signIn(t, reviewer)]);
  });
  afterAll(() => t.close());

  const send = (s: Session, method: 'post' | 'put', url: string, body: object = {}) =>
    s.agent[method](url).set('X-CSRF-Token', s.csrf).send(body);
  const events = (entityId: string, action: string) => t.db.prisma.auditEvent.count({ where: { entityId, action } });

  test('assigning the reviewer already assigned: one event, one notification, the version unchanged', async () => {
    const b = await makeReviewBriefing(t.db.prisma, { createdById: editor.id });
    const assign = () => send(es, 'post', `/api/briefings/${b.briefingId}/assign`, { assigneeId: reviewer.id });
    // Several at once while nobody is assigned: the briefing's row lock makes them take turns.
    for (const r of await Promise.all(Array.from({ length: COPIES }, assign))) expect(r.status).toBe(200);
    const version = () =>
      t.db.prisma.briefing.findUniqueOrThrow({
        where: { id: b.briefingId },
        select: { lockVersion: true, assigneeId: true },
      });
    const after = await version();
    expect(after.assigneeId).toBe(reviewer.id);

    await assign().expect(200);

    expect(await events(b.briefingId, 'briefing.assign')).toBe(1);
    expect(await t.db.prisma.notification.count({ where: { briefingId: b.briefingId, kind: 'assignment' } })).toBe(1);
    expect(await version()).toEqual(after);
    // Taking the reviewer off is a change again.
    await send(es, 'post', `/api/briefings/${b.briefingId}/assign`, { assigneeId: null }).expect(200);
    expect(await events(b.briefingId, 'briefing.assign')).toBe(2);
  });

  test('acknowledging a flag again with the same note: one event; another note is a new one', async () => {
    const b = await makeReviewBriefing(t.db.prisma, {
      content: (id) =>
        reviewContent(id, {
          thirtySecondBriefing:
            'China has issued the first batch of general rare earth export licences to JL Mag Rare Earth. Shipments remained about 20% up year-on-year.',
        }),
    });
    const flags = (await rs.agent.get(`/api/briefings/${b.briefingId}`).expect(200)).body.flags as {
      id: string;
      kind: string;
    }[];
    const flag = flags.find((f) => f.kind === 'direction')!;
    const ack = (note: string) =>
      send(rs, 'post', `/api/briefings/${b.briefingId}/flags/${flag.id}/acknowledge`, {
        resolution: 'acknowledged',
        note,
      });

    // Several at once with no acknowledgement yet: the briefing's row lock makes them take turns.
    for (const r of await Promise.all(
      Array.from({ length: COPIES }, () => ack('Checked with the ministry: shipments are up.')),
    ))
      expect(r.status).toBe(200);
    expect(await events(b.briefingId, 'briefing.flag_acknowledged')).toBe(1);
    const first = await ack('Checked with the ministry: shipments are up.').expect(200);
    const again = await ack('Checked with the ministry: shipments are up.').expect(200);
    expect(again.body).toEqual(first.body);

    await ack('The customs figures say up.').expect(200);
    expect(await events(b.briefingId, 'briefing.flag_acknowledged')).toBe(2);
    const stored = await t.db.prisma.groundingAck.findMany({
      where: { briefingId: b.briefingId },
      select: { note: true },
    });
    expect(stored).toEqual([{ note: 'The customs figures say up.' }]);
  });

  test('setting the embargo a source already has: one event; lifting it is a new one, lifting again is not', async () => {
    const b = await makeReviewBriefing(t.db.prisma);
    const until = new Date(Math.ceil((Date.now() + 7_200_000) / 1000) * 1000).toISOString();
    const embargo = (notBefore: string | null) => send(es, 'put', `/api/sources/${b.sourceId}/embargo`, { notBefore });

    // Several at once from no embargo: they take turns, so only the first sets it.
    for (const r of await Promise.all(Array.from({ length: COPIES }, () => embargo(until)))) expect(r.status).toBe(200);
    const set = await embargo(until).expect(200);
    expect(await events(b.sourceId, 'source.embargo_set')).toBe(1);
    const again = await embargo(until).expect(200);
    expect(again.body).toEqual(set.body);

    await embargo(null).expect(200);
    await embargo(null).expect(200);
    expect(await events(b.sourceId, 'source.embargo_lifted')).toBe(1);
  });
});
