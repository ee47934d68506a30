import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type Session, type TestApp } from '../support/testApp.js';
import { cleanContent, makeReviewBriefing } from '../support/reviewFactory.js';

const TOTAL_SAVES = 1000;

describe.each(DB_KINDS)('two reviewers saving the same section at once (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  test(`${TOTAL_SAVES} interleaved saves: every accepted save is in the history, every refused one got a 409`, async () => {
    const b = await makeReviewBriefing(t.db.prisma, { content: (id) => cleanContent(id) });
    const clients: Session[] = [
      await signIn(t, await makeUser(t, ['reviewer'])),
      await signIn(t, await makeUser(t, ['reviewer'])),
    ];
    const accepted: { id: string; text: string }[] = [];
    const refused: { status: number; code: string }[] = [];
    let sent = 0;

    async function run(s: Session, name: string) {
      let base = b.revisionId;
      while (sent < TOTAL_SAVES) {
        const i = sent++;
        const text = `${name} save ${i}: European manufacturers report shorter delays.`;
        const res = await s.agent
          .post(`/api/briefings/${b.briefingId}/revisions`)
          .set('X-CSRF-Token', s.csrf)
          .send({
            baseRevisionId: base,
            sections: { ourTake: [text, 'Shipments remained about 20% down year-on-year.'] },
          });
        if (res.status === 201) {
          accepted.push({ id: res.body.revision.id, text });
          base = res.body.revision.id;
        } else {
          refused.push({ status: res.status, code: res.body.code });
          // The refusal carries the current version, which is what a person would merge onto.
          if (res.body.current?.revisionId) base = res.body.current.revisionId;
        }
      }
    }
    await Promise.all([run(clients[0], 'A'), run(clients[1], 'B')]);

    expect(accepted.length + refused.length).toBe(TOTAL_SAVES);
    expect(refused.every((r) => r.status === 409 && r.code === 'stale_revision')).toBe(true);
    expect(refused.length).toBeGreaterThan(0);

    const history = await t.db.prisma.revision.findMany({
      where: { briefingId: b.briefingId },
      orderBy: { number: 'asc' },
      select: { id: true, number: true, baseRevisionId: true, content: true },
    });
    expect(history).toHaveLength(accepted.length + 1);
    const byId = new Map(history.map((r) => [r.id, r]));
    for (const a of accepted) expect((byId.get(a.id)!.content as { ourTake: string[] }).ourTake[0]).toBe(a.text);
    // Linear history: every revision was written on top of the one before it, so no save overwrote another unseen.
    history.slice(1).forEach((r, i) => {
      expect(r.number).toBe(i + 2);
      expect(r.baseRevisionId).toBe(history[i].id);
    });
  }, 600_000);
});
