import type { Prisma } from '../../server/generated/prisma/client.js';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startAppWithEditor, type Session, type TestApp } from '../support/testApp.js';
import { behave, startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI.js';
import { fakeLlm, rareEarthStory, worker } from '../support/draftingFactory.js';
import { contentHash, type RevisionContent } from '../../server/drafting/revisionContent.js';

const DRAFT = {
  title: 'China eases rare earth export licensing',
  slugSuggestion: 'china-eases-rare-earth-licensing',
  thirtySecondBriefing: 'China has issued the first one-year general rare earth export licences to magnet producers.',
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
      text: 'Supply risk is now about policy stability.',
      sourceId: 'S1',
      evidenceQuote: 'European manufacturers report shorter delays',
    },
  ],
};

describe.each(DB_KINDS)("Drafting: regeneration keeps reviewers' edits (%s)", (kind) => {
  let t: TestApp;
  let fake: FakeOpenAI;
  let editor: Session;
  let reviewer: Session;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    ({ t, editor } = await startAppWithEditor(kind));
    reviewer = await signIn(t, await makeUser(t, ['reviewer']));
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const current = async (briefingId: string) => {
    const b = await t.db.prisma.briefing.findUniqueOrThrow({
      where: { id: briefingId },
      select: {
        state: true,
        currentRevision: {
          select: { id: true, number: true, content: true, baseRevisionId: true, generationId: true },
        },
      },
    });
    return {
      state: b.state,
      rev: b.currentRevision!,
      content: b.currentRevision!.content as unknown as RevisionContent,
    };
  };
  const regenerate = (briefingId: string, body: object, who = editor) =>
    who.agent.post(`/api/briefings/${briefingId}/regenerate`).set('X-CSRF-Token', who.csrf).send(body);

  async function drafted() {
    const lead = await rareEarthStory(t);
    const res = await editor.agent
      .post('/api/briefings')
      .set('X-CSRF-Token', editor.csrf)
      .send({ leadSourceId: lead.id, assigneeId: reviewer.user.id })
      .expect(201);
    fake.script([behave.json(DRAFT)]);
    expect(await worker(t, fakeLlm(fake.url)).drain()).toEqual(['succeeded']);
    return { briefingId: res.body.briefing.id as string, lead };
  }

  test('regenerating Our Take keeps the technical brief a reviewer edited, before and during the run, byte for byte', async () => {
    const { briefingId, lead } = await drafted();
    const v1 = await current(briefingId);
    // A reviewer's save through the review workflow.
    const edited = [
      { text: 'Edited by the reviewer: exports to the US hit a nine-month high in October.', sourceIds: [lead.id] },
    ];
    await reviewer.agent
      .post(`/api/briefings/${briefingId}/revisions`)
      .set('X-CSRF-Token', reviewer.csrf)
      .send({ baseRevisionId: v1.rev.id, sections: { technicalBrief: edited } })
      .expect(201);

    const res = await regenerate(briefingId, {
      section: 'ourTake',
      instructions: 'Shorter Our Take; stress the EU angle.',
    }).expect(202);
    expect(res.body).toMatchObject({ kind: 'regenerate_section', section: 'ourTake', status: 'queued' });
    expect((await current(briefingId)).state).toBe('regenerating');

    // Another edit lands while the job is queued (as from a second tab): the job must build on it too.
    const v2 = await current(briefingId);
    const meanwhile: RevisionContent = {
      ...v2.content,
      thirtySecondBriefing: v2.content.thirtySecondBriefing + ' Edited meanwhile.',
    };
    const v3 = await t.db.prisma.revision.create({
      data: {
        briefingId,
        number: v2.rev.number + 1,
        content: meanwhile as unknown as Prisma.InputJsonValue,
        contentHash: contentHash(meanwhile),
        authorId: reviewer.user.id,
        baseRevisionId: v2.rev.id,
      },
    });
    await t.db.prisma.briefing.update({ where: { id: briefingId }, data: { currentRevisionId: v3.id } });

    const newTake = ['The EU angle: European buyers still face opaque criteria.', 'Shorter take.'];
    fake.script([
      behave.json({
        ourTake: newTake,
        claims: [{ text: newTake[0], sourceId: 'S1', evidenceQuote: 'still cite opaque criteria' }],
      }),
    ]);
    const seen = fake.requests.length;
    expect(await worker(t, fakeLlm(fake.url)).drain()).toEqual(['succeeded']);

    const sent = fake.requests[seen].body;
    expect(Object.keys(sent.response_format.json_schema.schema.properties).sort()).toEqual(['claims', 'ourTake']);
    expect(sent.messages[1].content).toContain('Shorter Our Take; stress the EU angle.');

    const after = await current(briefingId);
    expect(after.state).toBe('in_review');
    expect(after.rev.number).toBe(v3.number + 1);
    expect(after.rev.baseRevisionId).toBe(v3.id);
    expect(JSON.stringify(after.content.technicalBrief)).toBe(JSON.stringify(edited));
    expect(after.content.thirtySecondBriefing).toBe(meanwhile.thirtySecondBriefing);
    expect(after.content.title).toBe(meanwhile.title);
    expect(after.content.ourTake).toEqual(newTake);
    // The old Our Take's claim went with it; the new one cites the real lead id.
    expect(after.content.claims).toEqual([
      { text: newTake[0], sourceId: lead.id, evidenceQuote: 'still cite opaque criteria' },
    ]);
    const gen = await editor.agent.get(`/api/generations/${res.body.id}`).expect(200);
    expect(gen.body).toMatchObject({
      status: 'succeeded',
      instructions: 'Shorter Our Take; stress the EU angle.',
      revision: { number: after.rev.number },
    });
    expect(
      await t.db.prisma.notification.count({
        where: { briefingId, userId: reviewer.user.id, kind: 'regeneration_done' },
      }),
    ).toBe(2);
  });

  test('a whole regeneration replaces every section; a failed one puts the briefing back as it was', async () => {
    const { briefingId } = await drafted();
    await regenerate(briefingId, { instructions: 'Rewrite for project managers.' }).expect(202);
    fake.script([behave.json({ ...DRAFT, title: 'Rewritten title', ourTake: ['New one.', 'New two.'] })]);
    expect(await worker(t, fakeLlm(fake.url)).drain()).toEqual(['succeeded']);
    const after = await current(briefingId);
    expect(after.content).toMatchObject({ title: 'Rewritten title', ourTake: ['New one.', 'New two.'] });
    expect((await t.db.prisma.briefing.findUniqueOrThrow({ where: { id: briefingId } })).title).toBe('Rewritten title');

    await reviewer.agent
      .post(`/api/briefings/${briefingId}/request-changes`)
      .set('X-CSRF-Token', reviewer.csrf)
      .send({ reason: 'Needs a sharper title.' })
      .expect(200);
    expect((await current(briefingId)).state).toBe('changes_requested');
    await regenerate(briefingId, { section: 'title', instructions: 'Punchier.' }).expect(202);
    fake.script([behave.serverError(500)]);
    expect(await worker(t, fakeLlm(fake.url)).drain()).toEqual(['failed']);
    const failed = await current(briefingId);
    expect(failed.state).toBe('changes_requested');
    expect(failed.rev.id).toBe(after.rev.id);
  });

  test('bad regeneration requests are refused with the field at fault and change nothing', async () => {
    const { briefingId } = await drafted();
    const r1 = await regenerate(briefingId, { instructions: '   ' }).expect(400);
    expect(r1.body.errors[0].field).toBe('instructions');
    const r2 = await regenerate(briefingId, { instructions: 'x'.repeat(2001) }).expect(400);
    expect(r2.body.errors[0]).toEqual({ field: 'instructions', message: 'must be at most 2000 characters' });
    const r3 = await regenerate(briefingId, { section: 'keywords', instructions: 'More.' }).expect(400);
    expect(r3.body.errors[0].field).toBe('section');
    await regenerate(briefingId, { instructions: 'More.' }, reviewer).expect(403);
    await regenerate('00000000-0000-4000-8000-000000000000', { instructions: 'More.' }).expect(404);
    expect(await t.db.prisma.generation.count({ where: { briefingId, status: 'queued' } })).toBe(0);
    expect((await current(briefingId)).state).toBe('in_review');

    await regenerate(briefingId, { instructions: 'Once.' }).expect(202);
    const twice = await regenerate(briefingId, { instructions: 'Twice.' }).expect(409);
    expect(twice.body.code).toBe('invalid_transition');
    expect(await t.db.prisma.generation.count({ where: { briefingId, status: 'queued' } })).toBe(1);
  });
});
