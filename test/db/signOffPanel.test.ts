import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type Session, type TestApp, type TestUser } from '../support/testApp.js';
import { cleanContent, makeReviewBriefing } from '../support/reviewFactory.js';

/** The sign-off panel's checks as the page lists them: [kind, blocks?, text]. */
function checks(html: string): [string, boolean, string][] {
  return [...html.matchAll(/<li class="check (ok|blocks)" data-check="(\w+)">.*?<\/span> (.*?)<\/li>/g)].map((m) => [
    m[2],
    m[1] === 'blocks',
    m[3].replace(/<[^>]+>/g, ''),
  ]);
}

describe.each(DB_KINDS)('the draft page says what blocks sign-off (%s)', (kind) => {
  let t: TestApp;
  let reviewer: TestUser;
  let rs: Session;
  let es: Session;

  beforeAll(async () => {
    t = await startTestApp(kind, { FOUR_EYES: 'true' });
    reviewer = await makeUser(t, ['reviewer'], { displayName: 'Tom Sullivan' });
    const editor = await makeUser(t, ['editor'], { displayName: 'Edna Editor' });
    [rs, es] = await Promise.all([signIn(t, reviewer), signIn(t, editor)]);
  });
  afterAll(() => t.close());

  test('nothing blocks: every check passes and the sign-off form is there', async () => {
    const b = await makeReviewBriefing(t.db.prisma, { content: (id) => cleanContent(id) });
    const page = await rs.agent.get(`/briefings/${b.briefingId}`).expect(200);
    expect(checks(page.text).map(([k, blocks]) => [k, blocks])).toEqual([
      ['flags', false],
      ['unsaved', false],
      ['fourEyes', false],
    ]);
    expect(page.text).toContain('Ready to sign off');
    expect(page.text).toContain(`action="/briefings/${b.briefingId}/sign-off"`);
    // An editor sees why it is not theirs, and no form.
    const editorPage = await es.agent.get(`/briefings/${b.briefingId}`).expect(200);
    expect(editorPage.text).toContain('Sign-off is a reviewer’s: your role cannot sign.');
    expect(editorPage.text).not.toContain('/sign-off"');
  });

  test('the four-eyes rule and unsaved work block, each linking to its place; the form is held back', async () => {
    const b = await makeReviewBriefing(t.db.prisma, {
      content: (id) => cleanContent(id),
      secondRevision: true,
      createdById: reviewer.id,
    });
    await rs.agent
      .put(`/api/briefings/${b.briefingId}/autosave`)
      .set('X-CSRF-Token', rs.csrf)
      .send({ baseRevisionId: b.currentRevisionId, sections: { ourTake: 'Half-written thought' } })
      .expect(200);
    const page = await rs.agent.get(`/briefings/${b.briefingId}`).expect(200);
    expect(checks(page.text)).toEqual([
      ['flags', false, 'No open blocking flags'],
      ['unsaved', true, 'Unsaved edits in Our Take'],
      ['fourEyes', true, 'Four-eyes rule: you wrote revision 2, so another reviewer must sign off'],
    ]);
    expect(page.text).toContain('<a href="#edit-ourTake">Unsaved edits in Our Take</a>');
    expect(page.text).toContain(`<a href="/briefings/${b.briefingId}/history">Four-eyes rule`);
    expect(page.text).toContain('What blocks sign-off');
    expect(page.text).not.toContain('/sign-off"');
    // The command agrees: the rule the panel names is the one it enforces.
    const form = await rs.agent.post(`/api/briefings/${b.briefingId}/sign-off`).set('X-CSRF-Token', rs.csrf).send({
      revisionId: b.currentRevisionId,
      password: reviewer.password,
      statement: 'I reviewed it against its sources.',
    });
    expect(form.status).toBe(409);
    expect(form.body.code).toBe('four_eyes_required');
  });
});
