import request from 'supertest';
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
import { makeReviewBriefing, reviewContent } from '../support/reviewFactory.js';

// The factory's source says shipments are "about 20% down"; this draft says "up": a reversed direction.
const REVERSED =
  'China has issued the first batch of general rare earth export licences to JL Mag Rare Earth. Shipments remained about 20% up year-on-year.';
const FIXED =
  'China has issued the first batch of general rare earth export licences to JL Mag Rare Earth. Shipments remained about 20% down year-on-year.';

interface FlagJson {
  id: string;
  kind: string;
  severity: string;
  text: string;
  message: string;
  evidence?: { text: string; sourceId: string; start: number; end: number };
}

describe.each(DB_KINDS)('grounding in review: severities, resolved means resolved, section re-check (%s)', (kind) => {
  let t: TestApp;
  let reviewer: TestUser;
  let rs: Session;
  beforeAll(async () => {
    t = await startTestApp(kind);
    reviewer = await makeUser(t, ['reviewer'], { displayName: 'Tom Sullivan' });
    rs = await signIn(t, reviewer);
  });
  afterAll(() => t.close());

  const post = (s: Session, url: string, body: object = {}) => s.agent.post(url).set('X-CSRF-Token', s.csrf).send(body);
  const reversed = () =>
    makeReviewBriefing(t.db.prisma, { content: (id) => reviewContent(id, { thirtySecondBriefing: REVERSED }) });
  const flagsOf = async (briefingId: string): Promise<FlagJson[]> =>
    (await rs.agent.get(`/api/briefings/${briefingId}`).expect(200)).body.flags;

  test('a reversed direction is a blocking flag with both spans; "resolved" cannot be claimed while the text is unchanged', async () => {
    const b = await reversed();
    const flags = await flagsOf(b.briefingId);
    const dir = flags.find((f) => f.kind === 'direction')!;
    expect(dir).toMatchObject({ severity: 'blocking', text: 'up', evidence: { text: 'down', sourceId: b.sourceId } });
    expect(dir.message).toBe("Draft says 'up'; the closest source passage (S1, paragraph 1) says 'down'.");

    const refused = await post(rs, `/api/briefings/${b.briefingId}/flags/${dir.id}/acknowledge`, {
      resolution: 'resolved',
    }).expect(409);
    expect(refused.body.code).toBe('flag_still_present');
    expect(await t.db.prisma.groundingAck.count({ where: { briefingId: b.briefingId } })).toBe(0);

    // A save that says it fixes the flag but leaves the text as it was changes nothing.
    const same = await post(rs, `/api/briefings/${b.briefingId}/revisions`, {
      baseRevisionId: b.revisionId,
      sections: { thirtySecondBriefing: REVERSED, title: 'Rare earth licences: a new title' },
      resolves: [dir.id],
    }).expect(409);
    expect(same.body.code).toBe('flag_not_resolved');
    expect(same.body.flags.map((f: FlagJson) => f.id)).toEqual([dir.id]);
    expect(same.body.errors[0].field).toBe('resolves');
    expect(await t.db.prisma.revision.count({ where: { briefingId: b.briefingId } })).toBe(1);

    // Fixing the text: saved, the flag is gone from the new report and recorded as resolved.
    const saved = await post(rs, `/api/briefings/${b.briefingId}/revisions`, {
      baseRevisionId: b.revisionId,
      sections: { thirtySecondBriefing: FIXED },
      resolves: [dir.id],
    }).expect(201);
    expect(saved.body.revision.number).toBe(2);
    expect((await flagsOf(b.briefingId)).some((f) => f.kind === 'direction')).toBe(false);
    const ack = await t.db.prisma.groundingAck.findUniqueOrThrow({
      where: { briefingId_flagId: { briefingId: b.briefingId, flagId: dir.id } },
      select: { resolution: true, userId: true },
    });
    expect(ack).toEqual({ resolution: 'resolved', userId: reviewer.id });
    const audit = await t.db.prisma.auditEvent.findFirst({
      where: { entityId: b.briefingId, action: 'briefing.revision_saved' },
      orderBy: { at: 'desc' },
      select: { data: true },
    });
    expect((audit!.data as { flagsResolved: { flagId: string }[] }).flagsResolved.map((f) => f.flagId)).toEqual([
      dir.id,
    ]);

    // Only flags of the revision edited can be marked fixed.
    const unknown = await post(rs, `/api/briefings/${b.briefingId}/revisions`, {
      baseRevisionId: saved.body.revision.id,
      sections: { title: 'Another title' },
      resolves: ['0123456789abcdef'],
    }).expect(400);
    expect(unknown.body.errors[0].field).toBe('resolves');
  });

  test('a blocking flag is acknowledged only with a note; advisory flags never hold up the sign-off', async () => {
    const b = await reversed();
    const flags = await flagsOf(b.briefingId);
    const blocking = flags.filter((f) => f.severity === 'blocking');
    expect(blocking.map((f) => f.kind).sort()).toEqual(['direction', 'number']);
    expect(flags.some((f) => f.severity === 'advisory')).toBe(true);

    const noNote = await post(rs, `/api/briefings/${b.briefingId}/flags/${blocking[0].id}/acknowledge`, {}).expect(400);
    expect(noNote.body.errors).toEqual([{ field: 'note', message: 'is required for a blocking flag' }]);

    const signOff = () =>
      post(rs, `/api/briefings/${b.briefingId}/sign-off`, {
        revisionId: b.revisionId,
        password: reviewer.password,
        statement: 'I reviewed revision 1 against its sources.',
      });
    const held = await signOff().expect(409);
    expect(held.body.flags.map((f: FlagJson) => f.severity)).toEqual(['blocking', 'blocking']);

    for (const f of blocking) {
      await post(rs, `/api/briefings/${b.briefingId}/flags/${f.id}/acknowledge`, {
        note: 'Checked against the ministry statement.',
      }).expect(200);
    }
    const signed = await signOff().expect(201);
    const row = await t.db.prisma.signOff.findUniqueOrThrow({
      where: { id: signed.body.id },
      select: { acknowledgedFlags: true },
    });
    const recorded = row.acknowledgedFlags as { kind: string; severity: string; note?: string }[];
    expect(recorded.filter((f) => f.severity === 'blocking').every((f) => f.note)).toBe(true);
  });

  test('an acknowledgement written without a note (before notes were required) does not clear a blocking flag', async () => {
    const b = await reversed();
    const dir = (await flagsOf(b.briefingId)).find((f) => f.kind === 'direction')!;
    await t.db.prisma.groundingAck.create({
      data: { briefingId: b.briefingId, flagId: dir.id, userId: reviewer.id, resolution: 'acknowledged' },
    });
    const held = await post(rs, `/api/briefings/${b.briefingId}/sign-off`, {
      revisionId: b.revisionId,
      password: reviewer.password,
      statement: 'I reviewed revision 1 against its sources.',
    }).expect(409);
    expect(held.body.flags.map((f: FlagJson) => f.id)).toContain(dir.id);
  });

  test('one section re-checked unsaved: that section only, with flags and alignments; nothing saved', async () => {
    const b = await makeReviewBriefing(t.db.prisma);
    const url = `/api/briefings/${b.briefingId}/grounding/check`;
    const res = await post(rs, url, { section: 'thirtySecondBriefing', text: REVERSED }).expect(200);
    expect(res.body).toMatchObject({ section: 'thirtySecondBriefing', revisionId: b.revisionId, version: 2 });
    expect(res.body.flags.map((f: FlagJson) => [f.kind, f.text, f.evidence?.text])).toEqual([
      ['direction', 'up', 'down'],
    ]);
    expect(res.body.alignments).toHaveLength(2);
    for (const a of res.body.alignments) {
      expect(a.sectionKey).toBe('thirtySecondBriefing');
      expect(a.passages[0].sourceId).toBe(b.sourceId);
      expect(a.id).toMatch(/^[0-9a-f]{24}$/);
    }
    // Bullets are checked one by one, keyed as a save keys them.
    const bullets = await post(rs, url, {
      section: 'technicalBrief',
      text: '- Licences run for one year.\n- Regulators granted 37 licences.',
    }).expect(200);
    expect(
      bullets.body.flags.filter((f: FlagJson) => f.kind === 'number').map((f: { sectionKey: string }) => f.sectionKey),
    ).toEqual(['technicalBrief.1']);
    expect(await t.db.prisma.revision.count({ where: { briefingId: b.briefingId } })).toBe(1);

    const bad = await post(rs, url, { section: 'keywords', text: 'x' }).expect(400);
    expect(JSON.stringify(bad.body.errors)).toContain('section');
    await post(rs, '/api/briefings/00000000-0000-4000-8000-000000000000/grounding/check', {
      section: 'title',
      text: 'x',
    }).expect(404);
    await request(t.app).post(url).send({ section: 'title', text: 'x' }).expect(401);
    const publisher = await signIn(t, await makeUser(t, ['admin']));
    await post(publisher, url, { section: 'title', text: 'Rare earth licences' }).expect(200);
  });

  test('the draft page shows each flag with its draft and source spans and the fix / acknowledge actions', async () => {
    const b = await reversed();
    const page = await rs.agent.get(`/briefings/${b.briefingId}`).expect(200);
    expect(page.text).toContain('Blocking</span> <strong>Flag');
    expect(page.text).toMatch(/<dt>Draft<\/dt><dd><mark class="flag">up<\/mark>/);
    expect(page.text).toMatch(
      /<dt>Source \(S1, paragraph 1\)<\/dt><dd><a href="#evidence-[0-9a-f]+"><mark class="evidence">down<\/mark>/,
    );
    expect(page.text).toMatch(/<mark class="evidence flag-evidence" id="evidence-[0-9a-f]+"[^>]*>down<\/mark>/);
    expect(page.text).toContain('name="resolves"');

    // The form path: ticking "I fixed this" without changing the text keeps the text and says which flag is still there.
    const dir = (await flagsOf(b.briefingId)).find((f) => f.kind === 'direction')!;
    const csrf = csrfFromHtml(page.text);
    const refused = await rs.agent
      .post(`/briefings/${b.briefingId}/save`)
      .type('form')
      .send({
        _csrf: csrf,
        baseRevisionId: b.revisionId,
        thirtySecondBriefing: REVERSED,
        title: 'New title',
        resolves: dir.id,
      })
      .expect(409);
    expect(refused.text).toContain('Not saved: a flag you marked fixed is still there');
    expect(refused.text).toContain(REVERSED);
    expect(await t.db.prisma.revision.count({ where: { briefingId: b.briefingId } })).toBe(1);
  });

  test('a revision stored with a version 1 report (before alignment) still displays; its flags all block', async () => {
    const b = await makeReviewBriefing(t.db.prisma);
    const v1 = {
      flags: [
        {
          id: '0123456789abcdef',
          sectionKey: 'ourTake.0',
          sentence: 'Regulators granted 37 new licences this quarter.',
          sentenceStart: 0,
          sentenceEnd: 48,
          kind: 'number',
          text: '37',
          message: 'Number "37" does not appear in any source.',
          start: 19,
          end: 21,
        },
      ],
      supported: [],
      stats: { items: 1, supported: 0, unsupported: 1 },
    };
    await t.db.prisma.revision.update({
      where: { id: b.revisionId },
      data: { grounding: v1 },
    });
    const api = await rs.agent.get(`/api/briefings/${b.briefingId}`).expect(200);
    expect(api.body.groundingVersion).toBe(1);
    expect(api.body.flags.map((f: FlagJson) => [f.id, f.severity])).toEqual([['0123456789abcdef', 'blocking']]);
    const page = await rs.agent.get(`/briefings/${b.briefingId}`).expect(200);
    expect(page.text).toContain('Number &quot;37&quot; does not appear in any source.');
  });
});
