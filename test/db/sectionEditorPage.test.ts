import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type Session, type TestApp, type TestUser } from '../support/testApp.js';
import { makeReviewBriefing } from '../support/reviewFactory.js';

describe.each(DB_KINDS)('the section editor on the draft page: style nonce, track changes (%s)', (kind) => {
  let t: TestApp;
  let reviewer: TestUser;
  let rs: Session;
  beforeAll(async () => {
    t = await startTestApp(kind);
    reviewer = await makeUser(t, ['reviewer'], { displayName: 'Tom Sullivan' });
    rs = await signIn(t, reviewer);
  });
  afterAll(() => t.close());

  test("each staff page allows only its own nonce'd <style>, never inline script; the public site gets no nonce", async () => {
    const b = await makeReviewBriefing(t.db.prisma);
    const nonces = [];
    for (let i = 0; i < 2; i++) {
      const res = await rs.agent.get(`/briefings/${b.briefingId}`).expect(200);
      const csp = String(res.headers['content-security-policy']);
      const nonce = /style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toContain('unsafe-inline');
      // Handlebars escapes "=" in attributes; the browser reads it back as the same nonce.
      expect(res.text.replace(/&#x3D;/g, '=')).toContain(`<meta property="csp-nonce" nonce="${nonce}">`);
      expect(res.text).toContain('<script src="/assets/js/editor.bundle.js" defer></script>');
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
    const site = await rs.agent.get('/').expect(200);
    expect(String(site.headers['content-security-policy'])).toContain("style-src 'self';");
  });

  test('the editor bundle goes out compressed to browsers that accept it', async () => {
    const zipped = await rs.agent.get('/assets/js/editor.bundle.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    const plain = await rs.agent.get('/assets/js/editor.bundle.js').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  test('each section is edited exactly as saved: multi-line text is not indented by the page around it', async () => {
    const b = await makeReviewBriefing(t.db.prisma);
    const text = 'Regulators granted 37 new licences this quarter.\n\nEuropean makers report shorter delays.';
    await rs.agent
      .post(`/api/briefings/${b.briefingId}/revisions`)
      .set('X-CSRF-Token', rs.csrf)
      .send({ baseRevisionId: b.revisionId, sections: { ourTake: text } })
      .expect(201);
    const page = await rs.agent.get(`/briefings/${b.briefingId}`).expect(200);
    const textarea = /<textarea id="edit-ourTake"[^>]*>([^<]*)<\/textarea>/.exec(page.text);
    expect(textarea?.[1]).toBe(text);
  });

  test('?changes=1 shows each section first AI draft → now with the author of every change, without JavaScript', async () => {
    const b = await makeReviewBriefing(t.db.prisma);
    await rs.agent
      .post(`/api/briefings/${b.briefingId}/revisions`)
      .set('X-CSRF-Token', rs.csrf)
      .send({
        baseRevisionId: b.revisionId,
        sections: {
          ourTake: 'Regulators granted 37 new licences this quarter.\n\nEuropean makers report shorter delays.',
        },
      })
      .expect(201);
    const plain = await rs.agent.get(`/briefings/${b.briefingId}`).expect(200);
    expect(plain.text).toContain(`href="/briefings/${b.briefingId}?changes=1#changes-ourTake"`);
    expect(plain.text).not.toContain('<ins');
    const page = await rs.agent.get(`/briefings/${b.briefingId}?changes=1`).expect(200);
    const ourTake = page.text.slice(page.text.indexOf('id="changes-ourTake"'));
    expect(ourTake).toMatch(/<del title="Removed by Tom Sullivan in revision 2">.*manufacturers/);
    expect(ourTake).toMatch(/<ins title="Added by Tom Sullivan in revision 2">.*makers/);
    expect(ourTake).toContain('<span class="change-by" aria-hidden="true">Tom Sullivan</span>');
    expect(page.text).toContain('Title is as the first AI draft wrote it.');
    await rs.agent.get(`/briefings/${b.briefingId}?changes=yes`).expect(400);
  });
});
