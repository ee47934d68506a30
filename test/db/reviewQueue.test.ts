import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type Session, type TestApp, type TestUser } from '../support/testApp.js';
import { makeReviewBriefing } from '../support/reviewFactory.js';
import type { BriefingState } from '../../server/generated/prisma/enums.js';

const LIVE: BriefingState[] = ['drafting', 'in_review', 'changes_requested', 'regenerating', 'approved'];

describe.each(DB_KINDS)('review queues: tabs, counts, filters, pages (%s)', (kind) => {
  let t: TestApp;
  let me: TestUser;
  let someone: TestUser;
  let s: Session;
  beforeAll(async () => {
    t = await startTestApp(kind);
    me = await makeUser(t, ['reviewer', 'editor'], { displayName: 'Queue Reader' });
    someone = await makeUser(t, ['reviewer'], { displayName: 'Other Reviewer' });
    s = await signIn(t, me);
    const plan: [BriefingState, string | undefined, string][] = [
      ['in_review', me.id, 'Copper smelter margins'],
      ['in_review', someone.id, 'Nickel 100% tariff_talk'],
      ['in_review', undefined, 'Lithium brine permits'],
      ['changes_requested', me.id, 'Cobalt export quota'],
      ['approved', me.id, 'Graphite anode plant'],
      ['approved', undefined, 'Uranium restart'],
      ['published', me.id, 'Rare earth licences'],
      ['published', undefined, 'Zinc price floor'],
      ['withdrawn', me.id, 'Withdrawn piece'],
    ];
    for (const [state, assigneeId, title] of plan) await makeReviewBriefing(t.db.prisma, { state, assigneeId, title });
  });
  afterAll(() => t.close());

  const queue = (query: Record<string, string | number>) => s.agent.get('/api/briefings').query(query).expect(200);

  test('every tab count matches the database, and each tab lists exactly its briefings, newest change first', async () => {
    const db = t.db.prisma;
    const expected = {
      assigned: await db.briefing.count({ where: { assigneeId: me.id, state: { in: LIVE } } }),
      awaiting: await db.briefing.count({ where: { state: 'in_review' } }),
      approved: await db.briefing.count({ where: { state: 'approved' } }),
      published: await db.briefing.count({ where: { state: 'published' } }),
      all: await db.briefing.count(),
    };
    expect(expected).toEqual({ assigned: 3, awaiting: 3, approved: 2, published: 2, all: 9 });
    for (const tab of ['assigned', 'awaiting', 'approved', 'published', 'all'] as const) {
      const r = await queue({ tab, perPage: 50 });
      expect(r.body.counts).toEqual(expected);
      expect(r.body.total).toBe(expected[tab]);
      expect(r.body.briefings).toHaveLength(expected[tab]);
      const times = r.body.briefings.map((b: { updatedAt: string }) => Date.parse(b.updatedAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    }
    const assigned = await queue({ tab: 'assigned' });
    expect(assigned.body.briefings.map((b: { title: string }) => b.title).sort()).toEqual([
      'Cobalt export quota',
      'Copper smelter margins',
      'Graphite anode plant',
    ]);
    expect(assigned.body.briefings[0]).toMatchObject({ assignee: 'Queue Reader', publisher: 'MINING.com' });
  });

  test('filters narrow the list and its total but leave the tab counts; search treats % and _ literally', async () => {
    const byState = await queue({ tab: 'all', state: 'approved' });
    expect(byState.body.total).toBe(2);
    expect(byState.body.counts.all).toBe(9);
    const byAssignee = await queue({ tab: 'awaiting', assignee: someone.id });
    expect(byAssignee.body.briefings.map((b: { title: string; assignee: string }) => [b.title, b.assignee])).toEqual([
      ['Nickel 100% tariff_talk', 'Other Reviewer'],
    ]);
    expect((await queue({ tab: 'all', q: '100%' })).body.total).toBe(1);
    expect((await queue({ tab: 'all', q: 'tariff_t' })).body.total).toBe(1);
    expect((await queue({ tab: 'all', q: '%' })).body.total).toBe(1);
    expect((await queue({ tab: 'all', q: 'r_' })).body.total).toBe(0);
    expect((await queue({ tab: 'all', q: 'URANIUM' })).body.briefings.map((b: { title: string }) => b.title)).toEqual([
      'Uranium restart',
    ]);
  });

  test('pages split the list without overlap or gaps', async () => {
    const all = (await queue({ tab: 'all', perPage: 50 })).body.briefings.map((b: { id: string }) => b.id);
    const pages = [];
    for (let page = 1; page <= 3; page++)
      pages.push(...(await queue({ tab: 'all', perPage: 4, page })).body.briefings.map((b: { id: string }) => b.id));
    expect(pages).toEqual(all);
  });

  test('the queue page shows the tabs with their counts and the unread badge', async () => {
    const b = await t.db.prisma.briefing.findFirstOrThrow({ select: { id: true } });
    await t.db.prisma.notification.createMany({
      data: [0, 1, 2].map((i) => ({
        userId: me.id,
        kind: 'mention' as const,
        briefingId: b.id,
        message: `note ${i}`,
        link: `/briefings/${b.id}`,
        readAt: i === 2 ? new Date() : null,
      })),
    });
    const html = (await s.agent.get('/briefings?tab=approved').expect(200)).text;
    expect(html).toContain('aria-label="2 unread"');
    expect(html).toMatch(/Approved, not published[\s\S]{0,80}2/);
    expect(html).toContain('Graphite anode plant');
    expect(html).not.toContain('Copper smelter margins');
  });
});
