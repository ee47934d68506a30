import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startAppWithEditor, type Session, type TestApp } from '../support/testApp.js';
import { behave, startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI.js';
import { fakeLlm, makeSource, rareEarthStory, worker } from '../support/draftingFactory.js';
import { contentHash } from '../../server/drafting/revisionContent.js';

const VALID = {
  title: 'China eases rare earth export licensing for magnet makers',
  slugSuggestion: 'china-eases-rare-earth-licensing',
  thirtySecondBriefing:
    'China has issued the first one-year general rare earth export licences to magnet producers. Shipments for 2025 remained about 20% down year-on-year.',
  technicalBrief: [{ text: 'Exports to the US reached a nine-month high in October.', sourceIds: ['S1'] }],
  ourTake: [
    'Supply risk is now about policy stability.',
    'Producers outside China keep qualifying alternative feedstock.',
  ],
  keywords: ['rare earths'],
  industries: [],
  products: [],
  claims: [
    {
      text: 'Shipments for 2025 remained about 20% down.',
      sourceId: 'S1',
      evidenceQuote: 'shipments for 2025 remained about 20% down year-on-year',
    },
  ],
};

describe.each(DB_KINDS)('Drafting: starting briefings and running generations (%s)', (kind) => {
  let t: TestApp;
  let fake: FakeOpenAI;
  let editor: Session;
  let reviewerId: string;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    ({ t, editor } = await startAppWithEditor(kind));
    reviewerId = (await makeUser(t, ['reviewer'])).id;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const start = (body: object) => editor.agent.post('/api/briefings').set('X-CSRF-Token', editor.csrf).send(body);

  test('with no LLM, an editor starts a briefing and gets an offline draft with grounding, stats and notifications', async () => {
    const lead = await rareEarthStory(t);
    const res = await start({ leadSourceId: lead.id, assigneeId: reviewerId }).expect(201);
    const briefingId: string = res.body.briefing.id;
    expect(res.body.briefing).toMatchObject({
      state: 'drafting',
      title: 'China issues first general rare earth export licences',
    });
    expect(res.body.generation).toMatchObject({ status: 'queued', kind: 'draft' });

    const links = await t.db.prisma.briefingSource.findMany({ where: { briefingId }, orderBy: { rank: 'asc' } });
    expect(links[0]).toMatchObject({ sourceId: lead.id, role: 'lead' });
    expect(links.filter((l) => l.role === 'related').length).toBeGreaterThanOrEqual(2);
    const stored = await t.db.prisma.briefing.findUniqueOrThrow({ where: { id: briefingId }, select: { facts: true } });
    expect(
      (stored.facts as Array<{ term: string; matches: number }>).some((f) => f.term === 'rare earth' && f.matches >= 3),
    ).toBe(true);

    expect(await worker(t, null).drain()).toEqual(['succeeded']);

    const b = await t.db.prisma.briefing.findUniqueOrThrow({
      where: { id: briefingId },
      select: {
        state: true,
        currentRevision: {
          select: { number: true, content: true, contentHash: true, grounding: true, generationId: true },
        },
      },
    });
    expect(b.state).toBe('in_review');
    const rev = b.currentRevision!;
    expect(rev.number).toBe(1);
    expect(rev.generationId).toBe(res.body.generation.id);
    expect(rev.contentHash).toBe(contentHash(rev.content));
    expect(Object.keys(rev.content as object).sort()).toEqual([
      'claims',
      'industries',
      'keywords',
      'ourTake',
      'products',
      'slug',
      'technicalBrief',
      'thirtySecondBriefing',
      'title',
    ]);
    // Offline drafts quote real sentences: everything cites a real source id, and the report is stored.
    const content = rev.content as { claims: { sourceId: string }[] };
    expect(content.claims.every((c) => links.some((l) => l.sourceId === c.sourceId))).toBe(true);
    expect(rev.grounding).toMatchObject({ stats: { items: expect.any(Number) } });

    const g = await editor.agent.get(`/api/generations/${res.body.generation.id}`).expect(200);
    expect(g.body).toMatchObject({
      status: 'succeeded',
      offline: true,
      label: 'offline draft — no LLM',
      stats: { model: 'offline-drafter' },
      revision: { number: 1 },
    });
    const notes = await t.db.prisma.notification.findMany({
      where: { briefingId },
      select: { userId: true, kind: true },
    });
    expect(notes.map((n) => n.userId).sort()).toEqual([editor.user.id, reviewerId].sort());
    expect(notes.every((n) => n.kind === 'regeneration_done')).toBe(true);

    const page = await editor.agent.get(`/briefings/${briefingId}/generations/${res.body.generation.id}`).expect(200);
    expect(page.text).toContain('offline draft — no LLM');
    const audit = await t.db.prisma.auditEvent.findMany({
      where: { OR: [{ entityId: briefingId }, { entityId: res.body.generation.id }] },
      select: { action: true },
    });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['briefing.started', 'generation.requested', 'generation.succeeded']),
    );
  });

  test('bad starts get clear errors and save nothing', async () => {
    const before = await t.db.prisma.briefing.count();
    const empty = await makeSource(t, { title: 'Paywalled story', text: '   ' });
    const r1 = await start({ leadSourceId: empty.id }).expect(400);
    expect(r1.body).toMatchObject({
      code: 'lead_source_empty',
      errors: [{ field: 'leadSourceId', message: 'the source has no text' }],
    });
    await start({ leadSourceId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    const r3 = await start({ leadSourceId: 'nope' }).expect(400);
    expect(r3.body.errors[0].field).toBe('leadSourceId');
    const lead = await makeSource(t, { title: 'A story', text: 'Some text about copper mines in Chile.' });
    const r4 = await start({ leadSourceId: lead.id, assigneeId: editor.user.id }).expect(400);
    expect(r4.body.errors).toEqual([{ field: 'assigneeId', message: 'not an active reviewer' }]);
    const reviewer = await signIn(t, await makeUser(t, ['reviewer']));
    await reviewer.agent
      .post('/api/briefings')
      .set('X-CSRF-Token', reviewer.csrf)
      .send({ leadSourceId: lead.id })
      .expect(403);
    await request(t.app).post('/api/briefings').send({ leadSourceId: lead.id }).expect(401);
    expect(await t.db.prisma.briefing.count()).toBe(before);
  });

  test('with an LLM: stats are recorded, facts reach the prompt, and a figure is supported only if it matches a fact', async () => {
    const lead = await rareEarthStory(t);
    const res = await start({ leadSourceId: lead.id }).expect(201);
    const briefingId: string = res.body.briefing.id;
    const { facts } = await t.db.prisma.briefing.findUniqueOrThrow({
      where: { id: briefingId },
      select: { facts: true },
    });
    const fact = (facts as Array<{ term: string; matches: number }>).find((f) => f.term === 'rare earth')!;
    const wrong = fact.matches + 31;
    fake.script([
      behave.json(
        {
          ...VALID,
          ourTake: [
            `With rare earths appearing in ${fact.matches} keyword-matched pieces in our database, supply risk is now about policy.`,
            `Analysts count ${wrong} affected magnet plants in total.`,
          ],
        },
        { usage: { promptTokens: 3000, completionTokens: 400, cachedTokens: 1024 } },
      ),
    ]);
    const seen = fake.requests.length;
    expect(await worker(t, fakeLlm(fake.url)).drain()).toEqual(['succeeded']);

    const sent = fake.requests[seen].body;
    const prompt = sent.messages.map((m: { content: string }) => m.content).join('\n');
    expect(prompt).toContain(`appears in ${fact.matches} keyword-matched pieces in our database`);
    expect(sent.response_format.type).toBe('json_schema');

    const g = await editor.agent.get(`/api/generations/${res.body.generation.id}`).expect(200);
    expect(g.body).toMatchObject({
      status: 'succeeded',
      offline: false,
      label: null,
      stats: {
        model: 'gpt-4o-mini',
        promptTokens: 3000,
        completionTokens: 400,
        cachedTokens: 1024,
        templateVersion: expect.stringMatching(/^[0-9a-f]{12}$/),
      },
    });
    // gpt-4o-mini list prices: (1976 × 0.15 + 1024 × 0.075 + 400 × 0.6) / 1e6
    expect(g.body.stats.costUsd).toBeCloseTo(0.000613, 6);
    expect(g.body.stats.latencyMs).toEqual(expect.any(Number));
    expect(g.body.stats.timeToFirstTokenMs).toEqual(expect.any(Number));

    const rev = await t.db.prisma.revision.findFirstOrThrow({
      where: { briefingId },
      select: { content: true, grounding: true },
    });
    const content = rev.content as { claims: { sourceId: string }[]; technicalBrief: { sourceIds: string[] }[] };
    // The model cited S1; the revision stores the real source id.
    expect(content.claims[0].sourceId).toBe(lead.id);
    expect(content.technicalBrief[0].sourceIds).toEqual([lead.id]);
    const report = rev.grounding as { flags: { text: string }[]; supported: { text: string; fact?: unknown }[] };
    expect(report.flags.map((f) => f.text)).toContain(String(wrong));
    expect(report.supported.find((s) => s.text === String(fact.matches))?.fact).toBeDefined();
  });
});
