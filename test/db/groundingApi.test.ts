import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type TestApp } from '../support/testApp.js';
import { makeReviewBriefing, reviewContent } from '../support/reviewFactory.js';
import { runCli } from '../../server/cli/main.js';

const SOURCE = {
  id: 'mining-com-1',
  text: 'China has issued the first batch of one-year general rare earth export licences to JL Mag Rare Earth. Shipments remained about 20% down year-on-year in 2025.',
};

/** A briefing-shaped draft whose only text is its 30-second briefing. */
const draftOf = (thirtySecondBriefing: string) => ({
  title: 'Licences eased',
  thirtySecondBriefing,
  technicalBrief: [],
  ourTake: [],
});

describe.each(DB_KINDS)('grounding check API (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  test('a draft with a planted figure and an invented company gets flags at their sentence; supported items say where', async () => {
    const s = await signIn(t, await makeUser(t, ['reviewer']));
    const res = await s.agent
      .post('/api/grounding/check')
      .set('X-CSRF-Token', s.csrf)
      .send({
        draft: draftOf('Shipments remained about 20 per cent down. Exports fell 35% at Acme Magnetics Holdings.'),
        sources: [SOURCE],
      })
      .expect(200);
    const flagged = res.body.flags.map((f: { text: string }) => f.text);
    expect(flagged).toEqual(expect.arrayContaining(['35%']));
    expect(flagged.some((x: string) => x.includes('Acme Magnetics'))).toBe(true);
    expect(res.body.flags.find((f: { text: string }) => f.text === '35%').sentence).toBe(
      'Exports fell 35% at Acme Magnetics Holdings.',
    );
    const supported = res.body.supported.find((x: { text: string }) => /20 per cent/.test(x.text));
    expect(supported).toMatchObject({ sourceId: 'mining-com-1' });
  });

  test('a stored briefing is checked against its own sources and facts', async () => {
    const s = await signIn(t, await makeUser(t, ['editor']));
    const b = await makeReviewBriefing(t.db.prisma);
    const res = await s.agent
      .post('/api/grounding/check')
      .set('X-CSRF-Token', s.csrf)
      .send({ briefingId: b.briefingId })
      .expect(200);
    expect(res.body.revision).toBe(1);
    expect(Array.isArray(res.body.flags)).toBe(true);
    expect(res.body.stats.items).toBeGreaterThan(0);
  });

  test('the publisher and date the model was shown back a draft that names them; others stay flagged', async () => {
    const s = await signIn(t, await makeUser(t, ['reviewer']));
    const check = (sources: object[]) =>
      s.agent
        .post('/api/grounding/check')
        .set('X-CSRF-Token', s.csrf)
        .send({
          draft: draftOf(
            'Reuters reported on 3 October that China has issued the first batch of one-year general rare earth export licences.',
          ),
          sources,
        })
        .expect(200);
    const blocking = (body: { flags: { kind: string; text: string; severity: string }[] }) =>
      body.flags.filter((f) => f.severity === 'blocking').map((f) => `${f.kind}: ${f.text}`);
    const shown = await check([{ ...SOURCE, publisher: 'Reuters', publishedAt: '2025-10-03T07:30:00Z' }]);
    expect(blocking(shown.body)).toEqual([]);
    expect(shown.body.supported.find((x: { text: string }) => x.text === 'Reuters').snippet).toBe(
      '[publisher and date] Reuters. 3 October 2025.',
    );
    const other = await check([{ ...SOURCE, publisher: 'MINING.com', publishedAt: '2025-10-04' }]);
    expect(blocking(other.body)).toEqual(['entity: Reuters', 'date: 3 October']);
    await s.agent
      .post('/api/grounding/check')
      .set('X-CSRF-Token', s.csrf)
      .send({ draft: 'Text.', sources: [{ ...SOURCE, publishedAt: 'last week' }] })
      .expect(400);
  });

  test("a stored briefing's check knows its sources' publishers", async () => {
    const s = await signIn(t, await makeUser(t, ['editor']));
    const b = await makeReviewBriefing(t.db.prisma, {
      content: (sourceId) =>
        reviewContent(sourceId, {
          thirtySecondBriefing:
            'China has issued the first batch of general rare earth export licences to JL Mag Rare Earth, MINING.com reports.',
        }),
    });
    const res = await s.agent
      .post('/api/grounding/check')
      .set('X-CSRF-Token', s.csrf)
      .send({ briefingId: b.briefingId })
      .expect(200);
    expect(res.body.flags.filter((f: { text: string }) => f.text.includes('MINING'))).toEqual([]);
  });

  test('text without a full stop anywhere, on both sides, is answered, and the figure that differs is found', async () => {
    // ~20,000 words a side, one "sentence" each: matched word by word whole, it took minutes and
    // held up every other request.
    const filler = (w: string) => Array.from({ length: 10_000 }, (_, i) => `${w}${i % 500}`).join(' ');
    const text = (n: number) => `${filler('lorem')} the council approved ${n} new homes ${filler('ipsum')}`;
    const s = await signIn(t, await makeUser(t, ['reviewer']));
    const res = await s.agent
      .post('/api/grounding/check')
      .set('X-CSRF-Token', s.csrf)
      .send({ draft: text(45), sources: [{ id: 'run-on', text: text(40) }] })
      .expect(200);
    expect(
      res.body.flags.filter((f: { kind: string }) => f.kind === 'number').map((f: { text: string }) => f.text),
    ).toEqual(['45']);
  });

  test('bad bodies name the field; anonymous callers get 401', async () => {
    const s = await signIn(t, await makeUser(t, ['reviewer']));
    const res = await s.agent
      .post('/api/grounding/check')
      .set('X-CSRF-Token', s.csrf)
      .send({ draft: 'Some text', sources: [] })
      .expect(400);
    expect(JSON.stringify(res.body.errors)).toContain('sources');
    await s.agent
      .post('/api/grounding/check')
      .set('X-CSRF-Token', s.csrf)
      .send({ briefingId: '00000000-0000-4000-8000-000000000000' })
      .expect(404);
    await request(t.app)
      .post('/api/grounding/check')
      .send({ draft: 'x', sources: [SOURCE] })
      .expect(401);
  });
});

describe('npm run cli -- grounding', () => {
  test('prints the JSON report for a draft file and a sources.jsonl file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bd-ground-'));
    const draft = path.join(dir, 'draft.json');
    const sources = path.join(dir, 'sources.jsonl');
    writeFileSync(
      draft,
      JSON.stringify({
        title: 'Licences',
        thirtySecondBriefing: 'Shipments remained about 20% down. Output rose 70%.',
        technicalBrief: [],
        ourTake: [],
      }),
    );
    writeFileSync(sources, JSON.stringify(SOURCE) + '\n');
    let text = '';
    const out = new Writable({
      write(c, _e, cb) {
        text += String(c);
        cb();
      },
    });
    const code = await runCli(
      ['grounding', draft, sources],
      { NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(40) },
      { out, err: out },
    );
    expect(code).toBe(0);
    const report = JSON.parse(text);
    expect(report.flags.map((f: { text: string }) => f.text)).toContain('70%');
  });
});
