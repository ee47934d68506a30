import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type TestApp } from '../support/testApp.js';
import { cleanContent, makeReviewBriefing } from '../support/reviewFactory.js';

describe.each(DB_KINDS)('correcting a published briefing through the workflow (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  test('publish → reopen → edit → sign off → correction: version 2 is live with its note, version 1 stays reachable', async () => {
    const editorUser = await makeUser(t, ['editor']);
    const reviewerUser = await makeUser(t, ['reviewer'], { displayName: 'Tom Sullivan' });
    const editor = await signIn(t, editorUser);
    const reviewer = await signIn(t, reviewerUser);
    const b = await makeReviewBriefing(t.db.prisma, {
      state: 'approved',
      signedBy: reviewerUser,
      createdById: editorUser.id,
      content: (id) => cleanContent(id),
    });

    const published = await editor.agent
      .post(`/api/briefings/${b.briefingId}/publish`)
      .set('X-CSRF-Token', editor.csrf)
      .send({})
      .expect(201);
    const livePath = published.body.path as string;
    const v1 = await request(t.app).get(livePath).expect(200);

    // Reviewers cannot reopen; editors can, and the live page does not change meanwhile.
    await reviewer.agent
      .post(`/api/briefings/${b.briefingId}/reopen`)
      .set('X-CSRF-Token', reviewer.csrf)
      .send({})
      .expect(403);
    await editor.agent
      .post(`/api/briefings/${b.briefingId}/reopen`)
      .set('X-CSRF-Token', editor.csrf)
      .send({ reason: 'Fix the title' })
      .expect(200);
    expect((await t.db.prisma.briefing.findUniqueOrThrow({ where: { id: b.briefingId } })).state).toBe('in_review');
    expect((await request(t.app).get(livePath).expect(200)).text).toBe(v1.text);

    const current = await t.db.prisma.briefing.findUniqueOrThrow({
      where: { id: b.briefingId },
      select: { currentRevisionId: true },
    });
    const saved = await reviewer.agent
      .post(`/api/briefings/${b.briefingId}/revisions`)
      .set('X-CSRF-Token', reviewer.csrf)
      .send({
        baseRevisionId: current.currentRevisionId,
        sections: { title: 'Corrected: China issues first general rare earth licences' },
      })
      .expect(201);
    const newRevisionId = saved.body.id ?? saved.body.revision?.id;
    expect(newRevisionId).toBeTruthy();
    // Publishing the unsigned correction is refused with the reason.
    const refused = await editor.agent
      .post(`/api/briefings/${b.briefingId}/corrections`)
      .set('X-CSRF-Token', editor.csrf)
      .send({ note: 'Title fixed.' })
      .expect(409);
    expect(refused.body.detail).toBeTruthy();

    await reviewer.agent
      .post(`/api/briefings/${b.briefingId}/sign-off`)
      .set('X-CSRF-Token', reviewer.csrf)
      .send({
        revisionId: newRevisionId,
        password: reviewerUser.password,
        statement: 'Checked the corrected title against the source.',
      })
      .expect(201);
    const corrected = await editor.agent
      .post(`/api/briefings/${b.briefingId}/corrections`)
      .set('X-CSRF-Token', editor.csrf)
      .send({ note: 'The title overstated the scope.' })
      .expect(201);
    expect(corrected.body.version).toBe(2);

    const live = await request(t.app).get(corrected.body.path).expect(200);
    expect(live.text).toContain('Corrected: China issues first general rare earth licences');
    expect(live.text).toContain('The title overstated the scope.');
    expect(live.text.replace(/<[^>]+>/g, '')).toContain('Reviewed by Tom Sullivan');
    const old = await request(t.app).get(`${corrected.body.path}/v/1`).expect(200);
    expect(old.text).not.toContain('Corrected: China issues');
    expect((await t.db.prisma.briefing.findUniqueOrThrow({ where: { id: b.briefingId } })).state).toBe('published');
  });
});
