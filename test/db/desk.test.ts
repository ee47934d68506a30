import { JSDOM } from 'jsdom';
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
import { cleanContent, makeReviewBriefing, type ReviewBriefing } from '../support/reviewFactory.js';

interface DeskPage {
  counts: Record<string, number>;
  rows: Record<string, { title: string; openFlags: number | null; retry: string | null }[]>;
  text: string;
}

/** The desk as a person sees it: each section's count and its rows, top to bottom. */
async function readDesk(s: Session, query = ''): Promise<DeskPage> {
  const res = await s.agent.get(`/desk${query}`).expect(200);
  const doc = new JSDOM(res.text).window.document;
  const counts: DeskPage['counts'] = {};
  for (const el of doc.querySelectorAll<HTMLElement>('[data-desk-count]'))
    counts[el.dataset.deskCount!] = Number(el.textContent);
  const rows: DeskPage['rows'] = {};
  for (const tr of doc.querySelectorAll<HTMLElement>('tr[data-desk-row]')) {
    const flags = tr.querySelector<HTMLElement>('[data-open-flags]');
    (rows[tr.dataset.deskRow!] ??= []).push({
      title: tr.querySelector('td a')!.textContent,
      openFlags: flags ? Number(flags.dataset.openFlags) : null,
      retry: tr.querySelector('form')?.getAttribute('action') ?? null,
    });
  }
  return { counts, rows, text: doc.querySelector('main')!.textContent.replace(/\s+/g, ' ') };
}

const DAY = 86_400_000;

describe.each(DB_KINDS)('the desk: what needs me now (%s)', (kind) => {
  let t: TestApp;
  let both: TestUser;
  let reviewer: TestUser;
  let editor: TestUser;
  let idle: TestUser;
  let failed: ReviewBriefing;
  const ids: Record<string, string> = {};

  /** A briefing made `daysAgo` days ago (the desk's age), so the order is known. */
  async function briefing(title: string, daysAgo: number, opts: Parameters<typeof makeReviewBriefing>[1] = {}) {
    const content = opts.content;
    const b = await makeReviewBriefing(t.db.prisma, {
      title,
      ...opts,
      content: content && ((sourceId) => ({ ...content(sourceId), title })),
    });
    const at = new Date(Date.now() - daysAgo * DAY);
    await t.db.prisma.briefing.update({ where: { id: b.briefingId }, data: { createdAt: at } });
    await t.db.prisma.signOff.updateMany({ where: { briefingId: b.briefingId }, data: { createdAt: at } });
    await t.db.prisma.generation.updateMany({ where: { briefingId: b.briefingId }, data: { finishedAt: at } });
    ids[title] = b.briefingId;
    return b;
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    both = await makeUser(t, ['reviewer', 'editor'], { displayName: 'Both Roles' });
    reviewer = await makeUser(t, ['reviewer'], { displayName: 'Only Reviewer' });
    editor = await makeUser(t, ['editor'], { displayName: 'Only Editor' });
    idle = await makeUser(t, ['reviewer'], { displayName: 'Nothing Assigned' });
    // reviewContent carries one blocking flag ("37 new licences" is in no source); cleanContent none.
    await briefing('Copper smelter margins', 2, { assigneeId: reviewer.id });
    await briefing('Cobalt export quota', 9, { assigneeId: reviewer.id, state: 'changes_requested' });
    await briefing('Graphite anode plant', 5, { assigneeId: reviewer.id, content: cleanContent });
    const acked = await briefing('Lithium brine permits', 1, { assigneeId: reviewer.id });
    await briefing('Rare earth licences', 20, { assigneeId: reviewer.id, state: 'published' });
    await briefing('Withdrawn piece', 30, { assigneeId: reviewer.id, state: 'withdrawn' });
    await briefing('Someone else’s', 3, { assigneeId: both.id });
    await briefing('Uranium restart', 4, {
      state: 'approved',
      content: cleanContent,
      signedBy: { id: reviewer.id, displayName: reviewer.displayName },
    });
    await briefing('Zinc price floor', 6, {
      state: 'approved',
      assigneeId: reviewer.id,
      content: cleanContent,
      signedBy: { id: both.id, displayName: both.displayName },
    });
    failed = await briefing('Nickel tariff talk', 7, { state: 'drafting', failedDraft: true });
    // "It is correct" with a note clears the one blocking flag; a bare acknowledgement would not.
    const flag = (
      (
        await t.db.prisma.revision.findUniqueOrThrow({
          where: { id: acked.currentRevisionId },
          select: { grounding: true },
        })
      ).grounding as { flags: { id: string; severity: string }[] }
    ).flags.find((f) => f.severity === 'blocking')!;
    await t.db.prisma.groundingAck.create({
      data: {
        briefingId: acked.briefingId,
        flagId: flag.id,
        userId: reviewer.id,
        resolution: 'acknowledged',
        note: 'The ministry confirmed 37 by phone.',
      },
    });
    // Ten briefings with grounding reports: slow on a loaded two-core machine.
  }, 120_000);
  afterAll(() => t.close());

  test('a reviewer sees the briefings assigned to them, oldest first, with their open blocking flags', async () => {
    const s = await signIn(t, reviewer);
    const desk = await readDesk(s);
    expect(desk.rows.assigned).toEqual([
      { title: 'Cobalt export quota', openFlags: 1, retry: null },
      { title: 'Zinc price floor', openFlags: 0, retry: null },
      { title: 'Graphite anode plant', openFlags: 0, retry: null },
      { title: 'Copper smelter margins', openFlags: 1, retry: null },
      { title: 'Lithium brine permits', openFlags: 0, retry: null },
    ]);
    // Not an editor: no publishing or retry sections.
    expect(Object.keys(desk.counts)).toEqual(['assigned']);
    expect(desk.text).not.toContain('Failed drafts');
  });

  test('the counts match the queue tabs, row for row', async () => {
    for (const user of [reviewer, both, editor]) {
      const s = await signIn(t, user);
      const desk = await readDesk(s);
      const tabs = (await s.agent.get('/api/briefings').query({ tab: 'assigned', perPage: 100 }).expect(200)).body;
      const approved = (await s.agent.get('/api/briefings').query({ tab: 'approved', perPage: 100 }).expect(200)).body;
      const titles = (rows: { title: string }[]) => rows.map((r) => r.title).sort();
      if (user.roles.includes('reviewer')) {
        expect(desk.counts.assigned).toBe(tabs.counts.assigned);
        expect(titles(desk.rows.assigned ?? [])).toEqual(titles(tabs.briefings));
      }
      if (user.roles.includes('editor')) {
        expect(desk.counts.approved).toBe(approved.counts.approved);
        expect(titles(desk.rows.approved ?? [])).toEqual(titles(approved.briefings));
      }
    }
    expect((await readDesk(await signIn(t, reviewer))).counts.assigned).toBe(5);
  });

  test('an editor sees approved briefings waiting to publish and failed drafts with the retry form', async () => {
    const desk = await readDesk(await signIn(t, editor));
    expect(desk.counts).toEqual({ approved: 2, failedDrafts: 1 });
    expect(desk.rows.approved.map((r) => r.title)).toEqual(['Zinc price floor', 'Uranium restart']);
    expect(desk.rows.failedDrafts).toEqual([
      { title: 'Nickel tariff talk', openFlags: null, retry: `/briefings/${failed.briefingId}/retry-draft` },
    ]);
    expect(desk.text).toContain('The LLM server could not be reached.');
    expect(desk.text).not.toContain('Assigned to you');
  });

  test('a person with both roles sees both, and sorting is a link that works without scripts', async () => {
    const s = await signIn(t, both);
    const desk = await readDesk(s);
    expect(Object.keys(desk.counts)).toEqual(['assigned', 'approved', 'failedDrafts']);
    expect(desk.rows.assigned.map((r) => r.title)).toEqual(['Someone else’s']);

    const r = await readDesk(await signIn(t, reviewer), '?sort=flags');
    expect(r.rows.assigned.map((x) => [x.title, x.openFlags])).toEqual([
      ['Cobalt export quota', 1],
      ['Copper smelter margins', 1],
      ['Zinc price floor', 0],
      ['Graphite anode plant', 0],
      ['Lithium brine permits', 0],
    ]);
    const newest = await readDesk(await signIn(t, reviewer), '?sort=newest');
    expect(newest.rows.assigned[0].title).toBe('Lithium brine permits');
    const byTitle = await readDesk(await signIn(t, reviewer), '?sort=title');
    expect(byTitle.rows.assigned.map((x) => x.title)).toEqual([
      'Cobalt export quota',
      'Copper smelter margins',
      'Graphite anode plant',
      'Lithium brine permits',
      'Zinc price floor',
    ]);
    const page = await s.agent.get('/desk').expect(200);
    const links = [...new JSDOM(page.text).window.document.querySelectorAll('nav.desk-sort a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Oldest first', '/desk'],
      ['Newest first', '/desk?sort=newest'],
      ['Most open flags', '/desk?sort=flags'],
      ['Title A–Z', '/desk?sort=title'],
    ]);
    const bad = await s.agent.get('/desk?sort=loudest').expect(400);
    expect(bad.text).toContain('sort');
  });

  test('empty sections say what to do', async () => {
    const desk = await readDesk(await signIn(t, idle));
    expect(desk.counts).toEqual({ assigned: 0 });
    expect(desk.text).toContain('Nothing is assigned to you. Open Awaiting review');
    expect(desk.text).toContain('Nothing is waiting for you.');
  });

  test('retrying a failed draft from the desk queues it and takes it off the list', async () => {
    const s = await signIn(t, editor);
    const page = await s.agent.get('/desk').expect(200);
    const res = await s.agent
      .post(`/briefings/${failed.briefingId}/retry-draft`)
      .type('form')
      .send({ _csrf: csrfFromHtml(page.text) })
      .expect(303);
    expect(res.headers.location).toMatch(new RegExp(`/briefings/${failed.briefingId}/generations/`));
    const after = await readDesk(s);
    expect(after.counts.failedDrafts).toBe(0);
    expect(after.text).toContain('No failed drafts.');
  });
});
