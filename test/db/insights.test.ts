import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { JSDOM } from 'jsdom';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type Session, type TestApp, type TestUser } from '../support/testApp.js';
import type { Db } from '../../server/db/connect.js';
import { formatValue } from '../../server/presenters/insightsPage.js';
import { MEASURE_COLUMNS } from '../../server/presenters/insightsPresenter.js';
import { SOURCE_DRIFT_ACTIONS } from '../../server/insights/drift.js';
import { forgetBriefingInsights } from '../../server/queries/insights/briefingInsights.js';
import { acknowledgeFlag } from '../../server/commands/review/acknowledgeFlag.js';

// A small fixture of stored rows whose every measure was worked out by hand (see the comments).
const content = (over: { title: string; brief: string; bullets?: string[]; take?: string[] }) => ({
  title: over.title,
  slug: '',
  thirtySecondBriefing: over.brief,
  technicalBrief: (over.bullets ?? []).map((text) => ({ text, sourceIds: [] })),
  ourTake: over.take ?? [],
  keywords: ['not', 'counted'],
  industries: [],
  products: [],
  claims: [],
});
// Stored flags as the grounding check writes them (only id, kind and severity matter to Insights).
const report = (...flags: { id: string; kind: string; severity?: string }[]) => ({
  flags: flags.map((f) => ({
    sectionKey: 'thirtySecondBriefing',
    sentence: '',
    sentenceStart: 0,
    sentenceEnd: 0,
    text: f.id,
    message: 'not in the sources',
    start: 0,
    end: 0,
    ...f,
  })),
  supported: [],
});
const at = (iso: string) => new Date(iso);

interface Gen {
  kind?: 'draft' | 'regenerate_section';
  version: string;
  model: string;
  offline?: boolean;
  tokens?: [number, number];
  cost?: number;
}

async function fixture(db: Db, people: { tom: TestUser; rita: TestUser }) {
  const source = await db.source.create({
    data: {
      canonicalUrl: `https://example.test/${randomUUID()}`,
      url: 'https://example.test/a',
      publisher: 'Example',
      title: 'Lead',
      fetchedAt: new Date(),
      text: 'Lead text.',
      contentHash: randomUUID(),
      origin: 'api',
    },
    select: { id: true },
  });
  const briefing = async (title: string) =>
    (
      await db.briefing.create({
        data: { title, leadSourceId: source.id, createdById: people.tom.id, state: 'in_review' },
        select: { id: true },
      })
    ).id;
  const gen = async (briefingId: string, g: Gen, finishedAt: Date) =>
    (
      await db.generation.create({
        data: {
          briefingId,
          kind: g.kind ?? 'draft',
          status: 'succeeded',
          templateVersion: g.version,
          model: g.model,
          offline: g.offline ?? false,
          promptTokens: g.tokens?.[0] ?? 0,
          completionTokens: g.tokens?.[1] ?? 0,
          costUsd: g.cost ?? 0,
          createdAt: finishedAt,
          finishedAt,
        },
        select: { id: true },
      })
    ).id;
  let n = 0;
  const rev = async (
    briefingId: string,
    number: number,
    c: object,
    grounding: object,
    createdAt: Date,
    generationId?: string,
  ) => {
    const r = await db.revision.create({
      data: { briefingId, number, content: c, contentHash: `h${n++}`, grounding, createdAt, generationId },
      select: { id: true },
    });
    await db.briefing.update({ where: { id: briefingId }, data: { currentRevisionId: r.id } });
    return r.id;
  };
  const signOff = (briefingId: string, revisionId: string, who: TestUser, createdAt: Date, voidedAt?: Date) =>
    db.signOff.create({
      data: {
        briefingId,
        revisionId,
        contentHash: 'h',
        reviewerId: who.id,
        reviewerName: who.displayName,
        statement: 'Checked.',
        createdAt,
        voidedAt,
      },
      select: { id: true },
    });

  // B1, prompt v1 on gpt-4o-mini, published. Draft 18 words: title 3, briefing 5 + 2, bullet 6, take 2.
  const b1 = await briefing('B1');
  const g1 = await gen(
    b1,
    { version: 'v1', model: 'gpt-4o-mini', tokens: [1000, 500], cost: 0.01 },
    at('2026-11-02T09:00:00Z'),
  );
  const draft1 = {
    title: 'Lithium price falls',
    brief: 'Lithium fell 5% in May. Buyers waited.',
    bullets: ['Spot price at $10,500 a tonne.'],
  };
  await rev(
    b1,
    1,
    content({ ...draft1, take: ['Expect volatility.'] }),
    report({ id: 'f1', kind: 'number' }, { id: 'f2', kind: 'entity', severity: 'blocking' }),
    at('2026-11-02T09:00:00Z'),
    g1,
  );
  const g2 = await gen(
    b1,
    { kind: 'regenerate_section', version: 'v1r', model: 'gpt-4o-mini', tokens: [200, 100], cost: 0.002 },
    at('2026-11-02T11:00:00Z'),
  );
  await rev(
    b1,
    2,
    content({ ...draft1, take: ['Expect volatility ahead.'] }),
    report({ id: 'f2', kind: 'entity', severity: 'blocking' }),
    at('2026-11-02T11:00:00Z'),
    g2,
  );
  // Signed text, 17 words: "waited" → "held", + "back", − "Expect volatility": distance 4, 4/18.
  // Sentences: 5 in the draft, "Buyers waited." and "Expect volatility." changed: 2/5.
  const r3 = await rev(
    b1,
    3,
    content({ ...draft1, brief: 'Lithium fell 5% in May. Buyers held back.' }),
    report({ id: 'f2', kind: 'entity', severity: 'blocking' }, { id: 'f3', kind: 'date' }),
    at('2026-11-02T12:00:00Z'),
  );
  // Flags: f1 raised and gone (fixed), f2 and f3 kept and acknowledged.
  for (const flagId of ['f2', 'f3'])
    await db.groundingAck.create({
      data: { briefingId: b1, flagId, userId: people.tom.id, resolution: 'acknowledged' },
    });
  const s1 = await signOff(b1, r3, people.tom, at('2026-11-02T15:00:00Z')); // 6 h after the draft
  await db.publication.create({
    data: {
      briefingId: b1,
      version: 1,
      revisionId: r3,
      signOffId: s1.id,
      slug: `b1-${randomUUID()}`,
      title: 'B1',
      snapshot: {},
      html: '',
      etag: 'e',
      publishedAt: at('2026-11-02T18:00:00Z'), // 3 h after sign-off
      firstPublishedAt: at('2026-11-02T18:00:00Z'),
      publishedById: people.tom.id,
    },
  });
  await db.briefing.update({ where: { id: b1 }, data: { state: 'published' } });
  await db.auditEvent.create({
    data: {
      actorLabel: 'system',
      action: SOURCE_DRIFT_ACTIONS[0],
      entityType: 'briefing',
      entityId: b1,
      data: {},
      prevHash: 'x',
      hash: randomUUID(),
    },
  });

  // B2, prompt v2 on gpt-4o-mini, signed unchanged (a voided sign-off by Tom before Rita's), not published.
  // 12 words (3 + 6 + 3), 3 sentences, distance 0.
  const b2 = await briefing('B2');
  const g3 = await gen(
    b2,
    { version: 'v2', model: 'gpt-4o-mini', tokens: [800, 400], cost: 0.008 },
    at('2026-11-10T10:00:00Z'),
  );
  const r21 = await rev(
    b2,
    1,
    content({
      title: 'Copper output rises',
      brief: 'Output rose 12% to 40,000 tonnes.',
      take: ['Watch smelter margins.'],
    }),
    report(),
    at('2026-11-10T10:00:00Z'),
    g3,
  );
  await signOff(b2, r21, people.tom, at('2026-11-10T11:00:00Z'), at('2026-11-10T11:30:00Z'));
  await signOff(b2, r21, people.rita, at('2026-11-10T12:00:00Z')); // 2 h after the draft
  await db.briefing.update({ where: { id: b2 }, data: { state: 'approved' } });

  // B3, prompt v2 offline, in review: 4 words; g1 raised then gone (fixed), g2 open.
  const b3 = await briefing('B3');
  const g4 = await gen(b3, { version: 'v2', model: 'offline-drafter', offline: true }, at('2026-11-11T10:00:00Z'));
  await rev(
    b3,
    1,
    content({ title: 'Nickel', brief: 'Nickel held steady.' }),
    report({ id: 'g1', kind: 'number' }),
    at('2026-11-11T10:00:00Z'),
    g4,
  );
  await rev(
    b3,
    2,
    content({ title: 'Nickel', brief: 'Nickel held steady at 9 dollars.' }),
    report({ id: 'g2', kind: 'number' }),
    at('2026-11-11T11:00:00Z'),
  );

  // B4: its only draft failed, so it has no AI draft and is not counted. B5: drafted before the period.
  const b4 = await briefing('B4');
  await db.generation.create({ data: { briefingId: b4, kind: 'draft', status: 'failed', model: 'gpt-4o-mini' } });
  const b5 = await briefing('B5');
  const g5 = await gen(b5, { version: 'v1', model: 'gpt-4o-mini' }, at('2026-10-20T10:00:00Z'));
  await rev(b5, 1, content({ title: 'Old', brief: 'An older story.' }), report(), at('2026-10-20T10:00:00Z'), g5);
  return { b1, b2, b3 };
}

const PERIOD = 'from=2026-11-01&to=2026-11-30';

describe.each(DB_KINDS)('insights (%s)', (kind) => {
  let t: TestApp;
  let es: Session;
  let rs: Session;
  let ids: { b1: string; b2: string; b3: string };
  let tom: TestUser;
  beforeAll(async () => {
    t = await startTestApp(kind);
    tom = await makeUser(t, ['reviewer'], { displayName: 'Tom Sullivan' });
    const rita = await makeUser(t, ['reviewer'], { displayName: 'Rita Second' });
    const editor = await makeUser(t, ['editor']);
    [es, rs] = await Promise.all([signIn(t, editor), signIn(t, tom)]);
    ids = await fixture(t.db.prisma, { tom, rita });
    forgetBriefingInsights(); // the fixture was written straight into the tables
  }, 60_000);
  afterAll(() => t.close());

  test('every measure matches the hand-computed values', async () => {
    const res = await es.agent.get(`/api/insights?${PERIOD}`).expect(200);
    expect(res.body.summary).toEqual({
      briefings: 3,
      signed: 2,
      published: 1,
      draftWords: 34,
      editRatioMedian: 0.1111, // (4/18 + 0) / 2
      editRatioP90: 0.2, // 0 + 0.9 × 4/18
      editRatioMean: 0.1111,
      sentencesChangedMedian: 0.2, // (2/5 + 0) / 2
      sentencesChangedMean: 0.2,
      flagsRaisedPer1kWords: 147.06, // 5 / 34 words
      flagsFixedPer1kWords: 58.82, // f1, g1
      flagsAcknowledgedPer1kWords: 58.82, // f2, f3
      regenerationsPerBriefing: 0.33,
      draftToSignOffHoursMedian: 4, // 6 h and 2 h
      draftToSignOffHoursP90: 5.6,
      signOffToPublishHoursMedian: 3,
      signOffToPublishHoursP90: 3,
      tokensPerPublished: 1800, // B1's draft and regeneration
      costUsdPerPublished: 0.012,
      driftEvents: 1,
    });
    expect(res.body.byPromptVersion.map((g: { key: string; briefings: number }) => [g.key, g.briefings])).toEqual([
      ['v1', 1],
      ['v2', 2],
    ]);
    const v2 = res.body.byPromptVersion[1];
    expect([v2.editRatioMedian, v2.flagsRaisedPer1kWords, v2.costUsdPerPublished]).toEqual([0, 125, null]); // 2 / 16 words
    expect(res.body.byModel.map((g: { label: string; briefings: number }) => [g.label, g.briefings])).toEqual([
      ['gpt-4o-mini', 2],
      ['offline-drafter (offline, no LLM)', 1],
    ]);
    expect(res.body.byReviewer.map((g: { label: string; signed: number }) => [g.label, g.signed])).toEqual([
      ['Rita Second', 1],
      ['Tom Sullivan', 1],
      ['Not signed yet', 0],
    ]);
    expect(res.body.byWeek.map((g: { key: string; briefings: number }) => [g.key, g.briefings])).toEqual([
      ['2026-W45', 1],
      ['2026-W46', 2],
    ]);
    expect(res.body.flagKinds).toEqual([
      {
        kind: 'number',
        severity: 'unknown',
        raised: 3,
        fixed: 2,
        acknowledged: 0,
        raisedPer1kWords: 88.24,
        fixedPer1kWords: 58.82,
        acknowledgedPer1kWords: 0,
      },
      {
        kind: 'date',
        severity: 'unknown',
        raised: 1,
        fixed: 0,
        acknowledged: 1,
        raisedPer1kWords: 29.41,
        fixedPer1kWords: 0,
        acknowledgedPer1kWords: 29.41,
      },
      {
        kind: 'entity',
        severity: 'blocking',
        raised: 1,
        fixed: 0,
        acknowledged: 1,
        raisedPer1kWords: 29.41,
        fixedPer1kWords: 0,
        acknowledgedPer1kWords: 29.41,
      },
    ]);

    const one = await es.agent.get(`/api/insights/briefings?${PERIOD}`).expect(200);
    expect(one.body.total).toBe(3);
    const b1 = one.body.briefings.find((b: { briefingId: string }) => b.briefingId === ids.b1);
    expect(b1).toMatchObject({
      promptVersion: 'v1',
      reviewerName: 'Tom Sullivan',
      draftWords: 18,
      finalWords: 17,
      editDistance: 4,
      editRatio: 0.2222,
      draftSentences: 5,
      changedSentences: 2,
      flagsRaised: 3,
      flagsFixed: 1,
      flagsAcknowledged: 2,
      regenerations: 1,
      tokens: 1800,
      costUsd: 0.012,
      draftToSignOffHours: 6,
      signOffToPublishHours: 3,
      driftEvents: 1,
    });
    const b3 = one.body.briefings.find((b: { briefingId: string }) => b.briefingId === ids.b3);
    expect(b3).toMatchObject({
      editDistance: null,
      signedAt: null,
      flagsRaised: 2,
      flagsFixed: 1,
      flagsAcknowledged: 0,
    });
  });

  test('filters: prompt version, model and period', async () => {
    const v2 = await es.agent.get(`/api/insights?${PERIOD}&promptVersion=v2`).expect(200);
    expect(v2.body.summary.briefings).toBe(2);
    const offline = await es.agent.get('/api/insights?model=offline-drafter').expect(200);
    expect(offline.body.summary.briefings).toBe(1);
    const all = await es.agent.get('/api/insights').expect(200);
    expect(all.body.summary.briefings).toBe(4); // B5 too, drafted in October
    const compare = await es.agent.get(`/api/insights/compare?${PERIOD}&a=v1&b=v2`).expect(200);
    expect(compare.body.a.measures.editRatioMedian).toBe(0.2222);
    expect(compare.body.b.measures.flagsRaisedPer1kWords).toBe(125);
    expect(compare.body.a.measures.costUsdPerPublished).toBe(0.012);
  });

  test('the cache follows the rows: a new acknowledgement changes the figures on the next read', async () => {
    const before = await es.agent.get(`/api/insights?${PERIOD}`).expect(200);
    expect(before.body.summary.flagsAcknowledgedPer1kWords).toBe(58.82);
    // Through the app's command, as a reviewer does it (it writes the audit event that tells readers).
    await acknowledgeFlag(
      t.db.prisma,
      {
        kind: 'session',
        userId: tom.id,
        email: tom.email,
        displayName: tom.displayName,
        roles: ['reviewer'],
        timezone: 'UTC',
      },
      ids.b3,
      { flagId: 'g2', resolution: 'acknowledged', note: 'The source says exactly this.' },
    );
    const after = await es.agent.get(`/api/insights?${PERIOD}`).expect(200);
    expect(after.body.summary.flagsAcknowledgedPer1kWords).toBe(88.24); // 3 / 34
    // Emptying the cache changes nothing but the work of the next read.
    await t.db.prisma.briefingMeasure.deleteMany({});
    forgetBriefingInsights();
    const again = await es.agent.get(`/api/insights?${PERIOD}`).expect(200);
    expect(again.body).toEqual(after.body);
    await t.db.prisma.groundingAck.deleteMany({ where: { briefingId: ids.b3 } });
    forgetBriefingInsights();
  });

  test('the page, the CSV and the API show the same numbers', async () => {
    const api = (await es.agent.get(`/api/insights?${PERIOD}`).expect(200)).body;
    const csv = await es.agent.get(`/api/insights/export?${PERIOD}&table=prompt-versions`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse<Record<string, unknown>>(csv.text, { columns: true, cast: true });
    expect(rows.map((r) => r.key)).toEqual(['v1', 'v2']);
    for (const [i, row] of rows.entries())
      for (const c of MEASURE_COLUMNS)
        expect([c.field, row[c.field]]).toEqual([c.field, api.byPromptVersion[i][c.field] ?? '']);
    const summary = parse<Record<string, unknown>>(
      (await es.agent.get(`/api/insights/export?${PERIOD}`).expect(200)).text,
      { columns: true, cast: true },
    );
    for (const c of MEASURE_COLUMNS)
      expect([c.field, summary[0][c.field]]).toEqual([c.field, api.summary[c.field] ?? '']);
    const briefingsCsv = parse<Record<string, string>>(
      (await es.agent.get(`/api/insights/export?${PERIOD}&table=briefings`).expect(200)).text,
      { columns: true },
    );
    expect(briefingsCsv).toHaveLength(3);

    const page = await es.agent.get(`/insights?${PERIOD}`).expect(200);
    const doc = new JSDOM(page.text).window.document;
    const table = doc.querySelector('#table-versions')!;
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
    for (const [i, tr] of [...table.querySelectorAll('tbody tr')].entries()) {
      expect(tr.querySelector('th')!.textContent).toBe(api.byPromptVersion[i].label);
      const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent);
      for (const [j, cell] of cells.entries()) {
        const col = MEASURE_COLUMNS.find((c) => c.label === headers[j + 1])!;
        expect([col.field, cell]).toEqual([col.field, formatValue(api.byPromptVersion[i][col.field], col.unit)]);
      }
    }
    // Charts are inline SVG with a name, a text alternative and a table under them; no script needed.
    const charts = doc.querySelectorAll('.insights-chart');
    expect(charts.length).toBe(3);
    for (const c of charts) {
      const svg = c.querySelector('svg');
      expect(svg?.getAttribute('role')).toBe('img');
      expect(svg?.getAttribute('aria-label')).toBeTruthy();
      expect(c.querySelector('figcaption')?.textContent).toBeTruthy();
      expect(c.querySelector('table caption')).not.toBeNull();
      expect(c.querySelector('[style]')).toBeNull();
    }
    const compare = await es.agent.get(`/insights/compare?${PERIOD}&a=v1&b=v2`).expect(200);
    expect(compare.text).toContain(formatValue(api.byPromptVersion[0].editRatioMedian, 'share'));
  });

  test('bad input is a 400 naming the field; only editors and admins see insights', async () => {
    const bad = await es.agent.get('/api/insights?from=2026-13-01').expect(400);
    expect(bad.body.errors[0].field).toBe('query.from');
    const order = await es.agent.get('/api/insights?from=2026-11-30&to=2026-11-01').expect(400);
    expect(order.body.errors[0].field).toBe('query.to');
    await es.agent.get('/api/insights?promptVersion=a%00b').expect(400);
    await es.agent.get('/api/insights?unknown=1').expect(400);
    await es.agent.get('/api/insights?to=9999-12-31').expect(400);
    await es.agent.get('/api/insights?from=a&from=b').expect(400);
    await es.agent.get('/api/insights/compare?a=v1').expect(400);
    await es.agent.get('/api/insights/export?table=secrets').expect(400);
    await es.agent.get('/api/insights/briefings?limit=0').expect(400);
    await rs.agent.get('/api/insights').expect(403);
    await rs.agent.get('/insights').expect(403);
  });
});
