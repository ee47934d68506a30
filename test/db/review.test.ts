import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type Session, type TestApp, type TestUser } from '../support/testApp.js';
import { makeReviewBriefing } from '../support/reviewFactory.js';
import { currentValidSignOff } from '../../server/review/signOffs.js';
import { csrfFromHtml } from '../support/testApp.js';

describe.each(DB_KINDS)('review: revisions, sign-off, comments, queues (%s)', (kind) => {
  let t: TestApp;
  let reviewer: TestUser;
  let rs: Session;
  let editor: TestUser;
  let es: Session;
  let other: TestUser;
  let os: Session;
  beforeAll(async () => {
    t = await startTestApp(kind);
    reviewer = await makeUser(t, ['reviewer'], { displayName: 'Tom Sullivan' });
    editor = await makeUser(t, ['editor'], { displayName: 'Edna Editor' });
    other = await makeUser(t, ['reviewer'], { displayName: 'Rita Second' });
    [rs, es, os] = await Promise.all([signIn(t, reviewer), signIn(t, editor), signIn(t, other)]);
  });
  afterAll(() => t.close());

  const post = (s: Session, url: string, body: object = {}) => s.agent.post(url).set('X-CSRF-Token', s.csrf).send(body);

  test('a save makes a numbered revision with author and hash, re-runs grounding, and a stale base gets 409 with both versions', async () => {
    const b = await makeReviewBriefing(t.db.prisma, { createdById: editor.id });
    const saved = await post(rs, `/api/briefings/${b.briefingId}/revisions`, {
      baseRevisionId: b.revisionId,
      sections: { ourTake: 'Regulators granted 41 new licences.\n\nEuropean manufacturers report shorter delays.' },
    }).expect(201);
    expect(saved.body.revision.number).toBe(2);
    const row = await t.db.prisma.revision.findUniqueOrThrow({
      where: { id: saved.body.revision.id },
      select: { authorId: true, contentHash: true, grounding: true, content: true },
    });
    expect(row.authorId).toBe(reviewer.id);
    expect(row.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const flags = (row.grounding as { flags: { text: string; severity: string }[] }).flags
      .filter((f) => f.severity === 'blocking')
      .map((f) => f.text);
    expect(flags).toEqual(['41']);

    // The second client still holds revision 1: refused, with both versions and a word diff, nothing overwritten.
    const stale = await post(os, `/api/briefings/${b.briefingId}/revisions`, {
      baseRevisionId: b.revisionId,
      sections: { ourTake: 'Mine instead.' },
    }).expect(409);
    expect(stale.body.code).toBe('stale_revision');
    expect(stale.body.current.number).toBe(2);
    expect(stale.body.current.content.ourTake[0]).toContain('41');
    expect(stale.body.yours.content.ourTake).toEqual(['Mine instead.']);
    const merge = stale.body.merge.find((m: { section: string }) => m.section === 'ourTake');
    expect(merge.parts.some((p: { op: string; text: string }) => p.op === 'added' && p.text.includes('Mine'))).toBe(
      true,
    );
    expect(await t.db.prisma.revision.count({ where: { briefingId: b.briefingId } })).toBe(2);
  });

  test('keywords typed as text are held to the limits of the list: too long or too many is a 400 naming keywords', async () => {
    const b = await makeReviewBriefing(t.db.prisma);
    const save = (keywords: string | string[]) =>
      post(rs, `/api/briefings/${b.briefingId}/revisions`, { baseRevisionId: b.revisionId, sections: { keywords } });
    for (const keywords of [
      `rare earths, ${'x'.repeat(101)}`,
      Array.from({ length: 51 }, (_, i) => `k${i}`).join(', '),
    ]) {
      const bad = await save(keywords).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('sections.keywords');
      expect(JSON.stringify(bad.body.errors)).toMatch(/at most (100 characters|50 keywords)/);
    }
    expect(await t.db.prisma.revision.count({ where: { briefingId: b.briefingId } })).toBe(1);
    const ok = await save(`rare earths, ${'x'.repeat(100)}`).expect(201);
    expect(ok.body.revision.number).toBe(2);
  });

  test('history lists every revision; diff is word level (first LLM draft vs final); restore makes a new revision', async () => {
    const b = await makeReviewBriefing(t.db.prisma);
    const r2 = await post(rs, `/api/briefings/${b.briefingId}/revisions`, {
      baseRevisionId: b.revisionId,
      sections: { title: 'Rare earth licences ease supply risk for magnet makers' },
    }).expect(201);
    const hist = await rs.agent.get(`/api/briefings/${b.briefingId}/revisions`).expect(200);
    expect(hist.body.revisions.map((r: { number: number }) => r.number)).toEqual([2, 1]);
    expect(hist.body.revisions[1].author).toBe('Offline drafter');
    expect(hist.body.revisions[0].author).toBe('Tom Sullivan');
    const diff = await rs.agent
      .get(`/api/briefings/${b.briefingId}/diff`)
      .query({ from: b.revisionId, to: r2.body.revision.id })
      .expect(200);
    const title = diff.body.sections.find((s: { section: string }) => s.section === 'title');
    expect(
      title.parts
        .filter((p: { added: boolean }) => p.added)
        .map((p: { text: string }) => p.text)
        .join(''),
    ).toBe(' for magnet makers');
    expect(diff.body.sections.find((s: { section: string }) => s.section === 'ourTake').changed).toBe(false);

    const restored = await post(rs, `/api/briefings/${b.briefingId}/revisions/${b.revisionId}/restore`, {
      baseRevisionId: r2.body.revision.id,
    }).expect(201);
    expect(restored.body.revision.number).toBe(3);
    const r1 = await t.db.prisma.revision.findUniqueOrThrow({
      where: { id: b.revisionId },
      select: { contentHash: true },
    });
    expect(restored.body.revision.contentHash).toBe(r1.contentHash);
    expect(await t.db.prisma.revision.count({ where: { briefingId: b.briefingId } })).toBe(3);
  });

  test('autosave keeps work in progress per person without making a revision', async () => {
    const b = await makeReviewBriefing(t.db.prisma);
    await rs.agent
      .put(`/api/briefings/${b.briefingId}/autosave`)
      .set('X-CSRF-Token', rs.csrf)
      .send({ baseRevisionId: b.revisionId, sections: { title: 'Half-typed' } })
      .expect(200);
    await rs.agent
      .put(`/api/briefings/${b.briefingId}/autosave`)
      .set('X-CSRF-Token', rs.csrf)
      .send({ baseRevisionId: b.revisionId, sections: { title: 'Half-typed title' } })
      .expect(200);
    expect(await t.db.prisma.revision.count({ where: { briefingId: b.briefingId } })).toBe(1);
    const detail = await rs.agent.get(`/api/briefings/${b.briefingId}`).expect(200);
    expect(detail.body.autosave.sections.title).toBe('Half-typed title');
    const otherView = await os.agent.get(`/api/briefings/${b.briefingId}`).expect(200);
    expect(otherView.body.autosave).toBeNull();
    // Saving turns the work into a revision and clears the autosave.
    await post(rs, `/api/briefings/${b.briefingId}/revisions`, {
      baseRevisionId: b.revisionId,
      sections: { title: 'Half-typed title' },
    }).expect(201);
    expect(await t.db.prisma.autosave.count({ where: { briefingId: b.briefingId } })).toBe(0);
  });

  test('sign-off needs the password and every flag acknowledged; it binds the hash; a later edit voids it and returns to review', async () => {
    const b = await makeReviewBriefing(t.db.prisma, { createdById: editor.id });
    const statement = 'I reviewed revision 1 against its sources.';
    const wrong = await post(rs, `/api/briefings/${b.briefingId}/sign-off`, {
      revisionId: b.revisionId,
      password: 'not-my-password',
      statement,
    }).expect(400);
    expect(wrong.body.errors).toEqual([{ field: 'password', message: 'is incorrect' }]);
    const flagged = await post(rs, `/api/briefings/${b.briefingId}/sign-off`, {
      revisionId: b.revisionId,
      password: reviewer.password,
      statement,
    }).expect(409);
    expect(flagged.body.code).toBe('unacknowledged_flags');
    expect(flagged.body.flags.map((f: { text: string }) => f.text)).toEqual(['37']);
    expect(await t.db.prisma.signOff.count({ where: { briefingId: b.briefingId } })).toBe(0);

    const flagId = flagged.body.flags[0].id;
    await post(rs, `/api/briefings/${b.briefingId}/flags/${flagId}/acknowledge`, {
      note: 'Figure confirmed by phone with the ministry.',
    }).expect(200);
    const signed = await post(rs, `/api/briefings/${b.briefingId}/sign-off`, {
      revisionId: b.revisionId,
      password: reviewer.password,
      statement,
    }).expect(201);
    expect(signed.body).toMatchObject({
      reviewerName: 'Tom Sullivan',
      revisionId: b.revisionId,
      statement,
      state: 'approved',
    });
    const valid = await currentValidSignOff(t.db.prisma, b.briefingId);
    expect(valid?.id).toBe(signed.body.id);
    const rev1 = await t.db.prisma.revision.findUniqueOrThrow({
      where: { id: b.revisionId },
      select: { contentHash: true },
    });
    expect(valid?.contentHash).toBe(rev1.contentHash);
    const note = await t.db.prisma.notification.findFirst({
      where: { userId: editor.id, kind: 'sign_off', briefingId: b.briefingId },
    });
    expect(note?.message).toContain('Tom Sullivan signed off');

    await post(rs, `/api/briefings/${b.briefingId}/revisions`, {
      baseRevisionId: b.revisionId,
      sections: { title: 'A late change after sign-off' },
    }).expect(201);
    const after = await t.db.prisma.briefing.findUniqueOrThrow({
      where: { id: b.briefingId },
      select: { state: true },
    });
    expect(after.state).toBe('in_review');
    const so = await t.db.prisma.signOff.findUniqueOrThrow({
      where: { id: signed.body.id },
      select: { voidedAt: true, voidReason: true },
    });
    expect(so.voidedAt).not.toBeNull();
    expect(so.voidReason).toContain('revision 2');
    expect(await currentValidSignOff(t.db.prisma, b.briefingId)).toBeNull();
  });

  test('sign-off of a revision that is no longer current is refused', async () => {
    const b = await makeReviewBriefing(t.db.prisma, { content: (id) => ({ ...jestContent(id) }) });
    await post(rs, `/api/briefings/${b.briefingId}/revisions`, {
      baseRevisionId: b.revisionId,
      sections: { title: 'Changed under the signer' },
    }).expect(201);
    const res = await post(os, `/api/briefings/${b.briefingId}/sign-off`, {
      revisionId: b.revisionId,
      password: other.password,
      statement: 'I reviewed the first revision.',
    }).expect(409);
    expect(res.body.code).toBe('stale_revision');
  });

  test('comments: threads on a section, resolve and reopen, @mentions notify; unread badge counts them', async () => {
    const b = await makeReviewBriefing(t.db.prisma);
    const c = await post(rs, `/api/briefings/${b.briefingId}/comments`, {
      body: 'Can @Rita Second and @' + editor.email + ' check the 37?',
      section: 'ourTake',
    }).expect(201);
    expect(new Set(c.body.mentions)).toEqual(new Set([other.id, editor.id]));
    const reply = await post(os, `/api/briefings/${b.briefingId}/comments`, {
      body: 'Checked: it is 37.',
      parentId: c.body.id,
    }).expect(201);
    expect(reply.body.parentId).toBe(c.body.id);
    expect(reply.body.section).toBe('ourTake');
    await post(os, `/api/briefings/${b.briefingId}/comments/${reply.body.id}/resolve`).expect(400);
    await post(os, `/api/briefings/${b.briefingId}/comments/${c.body.id}/resolve`).expect(200);
    expect((await t.db.prisma.comment.findUniqueOrThrow({ where: { id: c.body.id } })).resolvedAt).not.toBeNull();
    await post(rs, `/api/briefings/${b.briefingId}/comments/${c.body.id}/reopen`).expect(200);
    expect((await t.db.prisma.comment.findUniqueOrThrow({ where: { id: c.body.id } })).resolvedAt).toBeNull();

    const n = await os.agent.get('/api/notifications').expect(200);
    expect(n.body.notifications[0]).toMatchObject({ kind: 'mention', read: false, link: `/briefings/${b.briefingId}` });
    const page = await os.agent.get('/briefings').expect(200);
    expect(page.text).toMatch(/Notifications <span class="badge alert"[^>]*>\d+<\/span>/);
    await post(os, '/api/notifications/read', {}).expect(200);
    expect((await os.agent.get('/api/notifications').expect(200)).body.unread).toBe(0);
  });

  test('assigning a reviewer notifies them; queues filter and count', async () => {
    const b = await makeReviewBriefing(t.db.prisma, { title: 'Queue probe: lithium brine' });
    await post(es, `/api/briefings/${b.briefingId}/assign`, { assigneeId: other.id }).expect(200);
    const bad = await post(es, `/api/briefings/${b.briefingId}/assign`, { assigneeId: editor.id }).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'assigneeId', message: 'not an active reviewer' }]);
    expect(
      await t.db.prisma.notification.count({
        where: { userId: other.id, kind: 'assignment', briefingId: b.briefingId },
      }),
    ).toBe(1);

    const mine = await os.agent.get('/api/briefings').query({ tab: 'assigned' }).expect(200);
    expect(mine.body.briefings.map((r: { id: string }) => r.id)).toContain(b.briefingId);
    expect(mine.body.counts.assigned).toBe(mine.body.total);
    const searched = await os.agent.get('/api/briefings').query({ tab: 'all', q: 'lithium BRINE' }).expect(200);
    expect(searched.body.briefings.map((r: { id: string }) => r.id)).toEqual([b.briefingId]);
    const badQuery = await os.agent.get('/api/briefings').query({ tab: 'nope' }).expect(400);
    expect(badQuery.body.errors[0].field).toBe('query.tab');
  });

  test('bad input gets a clear error and changes nothing', async () => {
    const b = await makeReviewBriefing(t.db.prisma);
    const res = await post(rs, `/api/briefings/${b.briefingId}/revisions`, {
      baseRevisionId: 'nope',
      sections: {},
      extra: 1,
    }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'baseRevisionId',
      'extra',
      'sections',
    ]);
    await post(rs, `/api/briefings/${b.briefingId}/revisions`, {
      baseRevisionId: b.revisionId,
      sections: { title: '   ' },
    }).expect(400);
    await post(rs, '/api/briefings/00000000-0000-4000-8000-000000000000/revisions', {
      baseRevisionId: b.revisionId,
      sections: { title: 'x' },
    }).expect(404);
    expect(await t.db.prisma.revision.count({ where: { briefingId: b.briefingId } })).toBe(1);
  });

  test('without JavaScript: the draft page shows flags inline and only allowed actions; a form save works; a stale form gets the merge view', async () => {
    const b = await makeReviewBriefing(t.db.prisma);
    const page = await rs.agent.get(`/briefings/${b.briefingId}?claim=0`).expect(200);
    expect(page.text).toMatch(/<mark class="flag">37<\/mark>/);
    expect(page.text).toContain('Number &quot;37&quot; does not appear in any source.');
    expect(page.text).toMatch(
      /<mark class="evidence" id="evidence">Shipments remained about 20% down year-on-year\.?<\/mark>/,
    );
    // A blocking flag is open: the sign-off panel names it, links to it, and holds the form back until it is cleared.
    expect(page.text).toMatch(
      /<a href="#flag-[0-9a-f]+">Flag \d+: number not in sources \(Our Take, paragraph 1\)<\/a>/,
    );
    expect(page.text).not.toContain('action="/briefings/' + b.briefingId + '/sign-off"');
    expect(page.text).not.toContain('/regenerate"');
    expect(page.text).not.toContain('/withdraw"');
    const editorPage = await es.agent.get(`/briefings/${b.briefingId}`).expect(200);
    expect(editorPage.text).toContain('/regenerate"');
    expect(editorPage.text).not.toContain('id="edit-form"');
    expect(editorPage.text).not.toContain('/sign-off"');

    const csrf = csrfFromHtml(page.text);
    const saved = await rs.agent
      .post(`/briefings/${b.briefingId}/save`)
      .type('form')
      .send({
        _csrf: csrf,
        baseRevisionId: b.revisionId,
        title: 'Saved from the form',
        ourTake: 'European manufacturers report shorter delays.\n\nShipments remained about 20% down year-on-year.',
      })
      .expect(303);
    expect(saved.headers.location).toBe(`/briefings/${b.briefingId}`);
    const stale = await rs.agent
      .post(`/briefings/${b.briefingId}/save`)
      .type('form')
      .send({ _csrf: csrf, baseRevisionId: b.revisionId, title: 'My stale title' })
      .expect(409);
    expect(stale.text).toContain('Your save was not applied');
    expect(stale.text).toMatch(/<del>Saved<\/del>|<del>[^<]*Saved/);
    expect(stale.text).toContain('>My stale title</textarea>');
    const current = await t.db.prisma.briefing.findUniqueOrThrow({
      where: { id: b.briefingId },
      select: { title: true, currentRevisionId: true },
    });
    expect(current.title).toBe('Saved from the form');
    expect(stale.text).toContain(`name="baseRevisionId" value="${current.currentRevisionId}"`);

    const preview = await rs.agent
      .post(`/briefings/${b.briefingId}/preview`)
      .type('form')
      .send({
        _csrf: csrf,
        baseRevisionId: current.currentRevisionId,
        ourTake: '**Bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))',
      })
      .expect(200);
    expect(preview.text).toContain('<strong>Bold</strong>');
    expect(preview.text).not.toMatch(/<img|onerror=alert|href="javascript/);

    // An expired CSRF token is a clear refusal and saves nothing.
    const before = await t.db.prisma.revision.count({ where: { briefingId: b.briefingId } });
    const expired = await rs.agent
      .post(`/briefings/${b.briefingId}/save`)
      .type('form')
      .send({ _csrf: 'expired', baseRevisionId: current.currentRevisionId, title: 'x' })
      .expect(403);
    expect(expired.text).toContain('This form has expired');
    expect(await t.db.prisma.revision.count({ where: { briefingId: b.briefingId } })).toBe(before);

    const hist = await rs.agent.get(`/briefings/${b.briefingId}/history`).expect(200);
    expect(hist.text).toContain('Offline drafter');
    const diff = await rs.agent
      .get(`/briefings/${b.briefingId}/diff`)
      .query({ from: b.revisionId, to: current.currentRevisionId })
      .expect(200);
    expect(diff.text).toMatch(/<ins>[^<]*Saved[^<]*<\/ins>/);
  });

  test('four-eyes: whoever made the last edit cannot sign off alone', async () => {
    const t4 = await startTestApp(kind, { FOUR_EYES: 'true' });
    try {
      const r1 = await makeUser(t4, ['reviewer']);
      const r2 = await makeUser(t4, ['reviewer']);
      const [s1, s2] = await Promise.all([signIn(t4, r1), signIn(t4, r2)]);
      const b = await makeReviewBriefing(t4.db.prisma, { content: jestContent });
      const saved = await s1.agent
        .post(`/api/briefings/${b.briefingId}/revisions`)
        .set('X-CSRF-Token', s1.csrf)
        .send({ baseRevisionId: b.revisionId, sections: { title: 'Edited by r1' } })
        .expect(201);
      const body = { revisionId: saved.body.revision.id, statement: 'I reviewed the edited revision.' };
      const refused = await s1.agent
        .post(`/api/briefings/${b.briefingId}/sign-off`)
        .set('X-CSRF-Token', s1.csrf)
        .send({ ...body, password: r1.password })
        .expect(409);
      expect(refused.body.code).toBe('four_eyes_required');
      await s2.agent
        .post(`/api/briefings/${b.briefingId}/sign-off`)
        .set('X-CSRF-Token', s2.csrf)
        .send({ ...body, password: r2.password })
        .expect(201);
    } finally {
      await t4.close();
    }
  });
});

function jestContent(sourceId: string) {
  return {
    title: 'Clean briefing',
    slug: 'clean',
    thirtySecondBriefing: 'European manufacturers report shorter delays.',
    technicalBrief: [{ text: 'Licences run for one year.', sourceIds: [sourceId] }],
    ourTake: ['European manufacturers report shorter delays.', 'Shipments remained about 20% down year-on-year.'],
    keywords: [],
    industries: [],
    products: [],
    claims: [],
  };
}
