import { JSDOM } from 'jsdom';
import { DB_KINDS } from '../support/testDb.js';
import { csrfFromHtml, makeUser, signIn, startTestApp, type Session, type TestApp } from '../support/testApp.js';
import { addRevision, exampleDraft } from '../support/publishingFactory.js';
import { upsertSources } from '../../server/commands/sources/upsertSources.js';
import { loadDraftInputs } from '../../server/drafting/briefings/loadDraftInputs.js';
import { buildDraftPrompt } from '../../prompts/draft/buildDraftPrompt.js';
import { energyPiece, yuccaPiece } from '../support/storyFactory.js';

const piece = energyPiece;
const yucca = yuccaPiece;

describe.each(DB_KINDS)('story updates: new developments of a published briefing (%s)', (kind) => {
  let t: TestApp;
  let s: Session;
  let briefingId = '';
  let leadId = '';

  async function developments(): Promise<{ titles: string[]; text: string; html: string }> {
    const res = await s.agent.get(`/publishing/${briefingId}`).expect(200);
    const doc = new JSDOM(res.text).window.document;
    const section = doc.querySelector('[aria-labelledby="developments-title"]')!;
    return {
      titles: [...section.querySelectorAll('li[data-development] > a')].map((a) => a.textContent),
      text: section.textContent.replace(/\s+/g, ' '),
      html: res.text,
    };
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    s = await signIn(t, await makeUser(t, ['editor', 'reviewer'], { displayName: 'Elena Editor' }));
    await upsertSources(
      t.db.prisma,
      null,
      Array.from({ length: 40 }, (_, i) => piece(i)),
    );
    const [lead] = await upsertSources(t.db.prisma, null, [yucca(0), yucca(1), yucca(2)]);
    leadId = lead.id;
    const started = await s.agent
      .post('/api/briefings')
      .set('X-CSRF-Token', s.csrf)
      .send({ leadSourceId: leadId })
      .expect(201);
    briefingId = started.body.briefing.id;
    // Drafted, reviewed and signed off (the drafting itself is tested elsewhere), then published.
    await addRevision(
      t.db.prisma,
      briefingId,
      exampleDraft({ title: 'Yucca Mountain repository faces a new challenge' }),
    );
    await s.agent.post(`/api/briefings/${briefingId}/publish`).set('X-CSRF-Token', s.csrf).send({}).expect(201);
  }, 120_000);
  afterAll(() => t.close());

  test('before anything new arrives the page says so; sources it was drafted from are not news', async () => {
    const d = await developments();
    expect(d.titles).toEqual([]);
    expect(d.text).toContain('No new sources match this story strongly yet.');
  });

  test('a strongly matching new source is listed; a loosely related new one is not', async () => {
    await upsertSources(t.db.prisma, null, [yucca(3), piece(41)]);
    const d = await developments();
    expect(d.titles).toEqual(['Yucca Mountain repository, part 4']);
    expect(d.text).toContain('Nevada Current');
  });

  test('an editor starts an update from it: a new briefing linked to the published one, drafted with it as context', async () => {
    const page = await developments();
    const newLead = await t.db.prisma.source.findFirstOrThrow({
      where: { title: 'Yucca Mountain repository, part 4' },
      select: { id: true },
    });
    const res = await s.agent
      .post(`/publishing/${briefingId}/update`)
      .type('form')
      .send({ _csrf: csrfFromHtml(page.html), leadSourceId: newLead.id })
      .expect(303);
    const update = await t.db.prisma.briefing.findFirstOrThrow({
      where: { updateOfId: briefingId },
      select: { id: true, leadSourceId: true, state: true },
    });
    expect(res.headers.location).toMatch(new RegExp(`^/briefings/${update.id}/generations/`));
    expect(update).toMatchObject({ leadSourceId: newLead.id, state: 'drafting' });
    const audit = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'briefing.started', entityId: update.id },
      select: { data: true },
    });
    expect(audit.data).toMatchObject({ leadSourceId: newLead.id, updateOfId: briefingId });

    // The published briefing now lists the update, and its lead is no longer a "new development".
    const after = await developments();
    expect(after.titles).toEqual([]);
    expect(after.html).toContain(`data-story-update="${update.id}"`);
    // And the update's page names the story it follows.
    const upPage = await s.agent.get(`/publishing/${update.id}`).expect(200);
    expect(upPage.text).toContain('This briefing updates');
    expect(upPage.text).toContain(`href="/publishing/${briefingId}"`);

    // The drafting prompt carries the published text, fenced as data, after the task and before the sources.
    const inputs = await loadDraftInputs(t.db.prisma, update.id);
    expect(inputs.earlier).toMatchObject({ title: 'Yucca Mountain repository faces a new challenge' });
    const prompt = buildDraftPrompt({ ...inputs, boundary: 'SOURCE-1234567890abcdef', earlier: inputs.earlier });
    const user = prompt.messages[1].content as string;
    expect(user).toContain('SOURCE-1234567890abcdef BEGIN earlier-briefing');
    expect(user).toContain('title: Yucca Mountain repository faces a new challenge');
    expect(user.indexOf('earlier-briefing')).toBeLessThan(user.indexOf('# Lead source'));
  });

  test('an update of a briefing that is not published is refused, naming the field, and nothing is created', async () => {
    const before = await t.db.prisma.briefing.count();
    const draft = await t.db.prisma.briefing.findFirstOrThrow({ where: { state: 'drafting' }, select: { id: true } });
    const res = await s.agent
      .post('/api/briefings')
      .set('X-CSRF-Token', s.csrf)
      .send({ leadSourceId: leadId, updateOfId: draft.id })
      .expect(400);
    expect(JSON.stringify(res.body)).toContain('updateOfId');
    expect(await t.db.prisma.briefing.count()).toBe(before);
  });
});
