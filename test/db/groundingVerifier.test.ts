import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startAppWithEditor, type Session, type TestApp } from '../support/testApp.js';
import {
  behave,
  startFakeOpenAI,
  type FakeBehaviour,
  type FakeOpenAI,
  type RecordedRequest,
} from '../support/fakeOpenAI.js';
import { fakeLlm, worker, startBriefingThroughApi } from '../support/draftingFactory.js';
import { createVerificationWorker } from '../../server/workers/verificationWorker.js';
import type { LlmClient } from '../../server/drafting/llm/index.js';

/** A draft whose bullet reverses the source's direction ("fell" where S3 says "rose"). */
const DRAFT = {
  title: 'China eases rare earth export licensing for magnet makers',
  slugSuggestion: 'china-eases-rare-earth-licensing',
  thirtySecondBriefing:
    'China has issued the first batch of one-year general rare earth export licences to magnet producers. Shipments for 2025 remained about 20% down year-on-year.',
  technicalBrief: [
    { text: 'Exports to the US reached a nine-month high in October.', sourceIds: ['S1'] },
    { text: 'Prices for neodymium oxide fell in the third quarter.', sourceIds: ['S3'] },
  ],
  ourTake: [
    'Supply risk is now about policy stability.',
    'Producers outside China keep qualifying alternative feedstock.',
  ],
  keywords: ['rare earths'],
  industries: [],
  products: [],
  claims: [],
};

/** A flag as the deterministic check made it: without the model's opinion the page shows beside it. */
const deterministic = (flags: Array<Record<string, unknown>>) => flags.map(({ opinion: _o, ...f }) => f);

const isVerify = (req: RecordedRequest) => req.body?.response_format?.json_schema?.name === 'grounding_verdict';

/** What the sentence under check and its passages are, read back from the prompt the app sent. */
function question(req: RecordedRequest) {
  const user = String(req.body.messages[1].content);
  const sentence = /BEGIN sentence\n([\s\S]*?)\n\S+ END sentence/.exec(user)?.[1] ?? '';
  const passages = [...user.matchAll(/BEGIN passage id=(S\d+)\n[\s\S]*?text:\n([\s\S]*?)\n\S+ END passage/g)].map(
    (m) => ({ id: m[1], text: m[2] }),
  );
  return { sentence, passages };
}

/** A model that calls "fell" against "rose" contradicted and everything else supported, quoting its passage. */
function honestVerifier(req: RecordedRequest): FakeBehaviour {
  const { sentence, passages } = question(req);
  const rose = passages.find((p) => p.text.includes('rose'));
  const usage = { usage: { promptTokens: 300, completionTokens: 40 } };
  if (sentence.includes('fell') && rose) {
    return behave.json(
      { verdict: 'contradicted', source: rose.id, evidence: 'rose', explanation: 'The source says prices rose.' },
      usage,
    );
  }
  const p = passages[0];
  return behave.json(
    { verdict: 'supported', source: p.id, evidence: p.text.slice(0, 20), explanation: 'The passage states it.' },
    usage,
  );
}

describe.each(DB_KINDS)('Grounding: the optional model verifier (%s)', (kind) => {
  let t: TestApp;
  let fake: FakeOpenAI;
  let editor: Session;
  let reviewer: Session;
  let briefingId: string;
  let flagsBefore: unknown;
  const verifier = (llm: LlmClient) => createVerificationWorker(t.booted.deps, { llm, leaseMs: 30_000 });
  const verifyRequests = () => fake.requests.filter(isVerify).length;
  const briefing = async () => (await reviewer.agent.get(`/api/briefings/${briefingId}`).expect(200)).body;
  const askAgain = () =>
    reviewer.agent
      .post(`/api/briefings/${briefingId}/grounding/verify`)
      .set('X-CSRF-Token', reviewer.csrf)
      .send({})
      .expect(202);
  const latestJob = () =>
    t.db.prisma.verification.findFirstOrThrow({ where: { briefingId }, orderBy: { createdAt: 'desc' } });

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.script((req) => (isVerify(req) ? honestVerifier(req) : behave.json(DRAFT)));
    ({ t, editor } = await startAppWithEditor(kind, { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'test-key' }));
    reviewer = await signIn(t, await makeUser(t, ['reviewer']));
    ({ briefingId } = await startBriefingThroughApi(t, editor));
    expect(await worker(t, fakeLlm(fake.url)).drain()).toEqual(['succeeded']);
    flagsBefore = deterministic((await briefing()).flags);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  test('after a generation, verdicts are stored and shown beside the flags, with tokens and cost recorded', async () => {
    const queued = await latestJob();
    expect(queued).toMatchObject({ status: 'queued', trigger: 'generation' });

    expect(await verifier(fakeLlm(fake.url)).drain()).toEqual(['succeeded']);
    const b = await briefing();
    const fell = b.alignments.find((a: { text: string }) => a.text.includes('fell'));
    expect(fell.verdicts).toEqual([
      expect.objectContaining({
        by: 'model:gpt-4o-mini',
        verdict: 'contradicted',
        note: 'The source says prices rose.',
        evidence: expect.objectContaining({ text: 'rose', field: 'body' }),
      }),
    ]);
    // The evidence offsets point at the word in the source's text.
    const src = await t.db.prisma.source.findUniqueOrThrow({
      where: { id: fell.verdicts[0].evidence.sourceId },
      select: { text: true },
    });
    expect(src.text.slice(fell.verdicts[0].evidence.start, fell.verdicts[0].evidence.end)).toBe('rose');
    // The deterministic flags are exactly what they were: the model adds none and clears none.
    expect(deterministic(b.flags)).toEqual(flagsBefore);
    expect(b.flags.some((f: { kind: string }) => f.kind === 'direction')).toBe(true);

    const withPassage = b.alignments.filter((a: { passages: unknown[] }) => a.passages.length > 0).length;
    expect(b.verifier).toMatchObject({
      configured: true,
      status: 'succeeded',
      model: 'gpt-4o-mini',
      sentences: withPassage,
      asked: withPassage,
      cached: 0,
      failed: 0,
      promptTokens: 300 * withPassage,
      completionTokens: 40 * withPassage,
      counts: { contradicted: 1, supported: withPassage - 1 },
    });
    // gpt-4o-mini list prices: (300 × 0.15 + 40 × 0.6) / 1e6 per sentence
    expect(b.verifier.costUsd).toBeCloseTo(0.000069 * withPassage, 6);
    const rows = await t.db.prisma.verifierVerdict.findMany({ select: { promptTokens: true, costUsd: true } });
    expect(rows).toHaveLength(withPassage);
    expect(rows.every((r) => r.promptTokens === 300 && Number(r.costUsd) > 0)).toBe(true);

    const page = await reviewer.agent.get(`/briefings/${briefingId}`).expect(200);
    expect(page.text).toContain('Model’s second opinion');
    expect(page.text).toMatch(/data-model-verdict="contradicted"/);
    expect(page.text).toContain('The source says prices rose.');
  });

  test('asking again re-asks nothing for unchanged sentences: the cache answers', async () => {
    const before = verifyRequests();
    const res = await askAgain();
    expect(res.body).toMatchObject({ status: 'queued', created: true });
    expect(await verifier(fakeLlm(fake.url)).drain()).toEqual(['succeeded']);
    expect(verifyRequests()).toBe(before);
    const job = await latestJob();
    expect(job).toMatchObject({ status: 'succeeded', trigger: 'request', asked: 0, failed: 0, promptTokens: 0 });
    expect(job.cached).toBe(job.sentences);
    expect((await briefing()).verifier.counts.contradicted).toBe(1);
  });

  test('a save queues a verification that asks only about the sentence it changed', async () => {
    const b = await briefing();
    const before = verifyRequests();
    await reviewer.agent
      .post(`/api/briefings/${briefingId}/revisions`)
      .set('X-CSRF-Token', reviewer.csrf)
      .send({
        baseRevisionId: b.revision.id,
        sections: {
          technicalBrief:
            '- Exports to the United States reached a nine-month high in October.\n- Prices for neodymium oxide fell in the third quarter.',
        },
      })
      .expect(201);
    expect(await latestJob()).toMatchObject({ status: 'queued', trigger: 'save' });
    expect(await verifier(fakeLlm(fake.url)).drain()).toEqual(['succeeded']);
    const job = await latestJob();
    expect(verifyRequests() - before).toBe(job.asked);
    expect(job.asked).toBe(1);
    expect(job.cached).toBe(job.sentences! - job.asked!);
  });

  test("a verifier's answer carrying a NUL or a lone surrogate is stored cleaned, not lost and not a failed job", async () => {
    fake.script((req) => {
      if (!isVerify(req)) return behave.json(DRAFT);
      const p = question(req).passages[0];
      return behave.json({
        verdict: 'supported',
        source: p.id,
        evidence: p.text.slice(0, 20),
        explanation: 'The passage\u0000 states it \ud800plainly.',
      });
    });
    try {
      await askAgain();
      expect(await verifier(fakeLlm(fake.url, { model: 'gpt-4o-mini-nul' })).drain()).toEqual(['succeeded']);
    } finally {
      fake.script((req) => (isVerify(req) ? honestVerifier(req) : behave.json(DRAFT)));
    }
    const notes = await t.db.prisma.verifierVerdict.findMany({
      where: { model: 'gpt-4o-mini-nul' },
      select: { note: true },
    });
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(n.note).toBe('The passage states it \ufffdplainly.');
  });

  // A different model name is a different cache key, so every sentence is asked again.
  test.each([
    ['a 500', { model: 'gpt-4o-mini-a', fail: behave.serverError(500), code: 'llm_upstream_error' }],
    [
      'invalid JSON',
      { model: 'gpt-4o-mini-b', fail: behave.text('{"verdict": "probably"'), code: 'llm_invalid_output' },
    ],
    ['a timeout', { model: 'gpt-4o-mini-c', fail: behave.hang(), code: 'llm_timeout' }],
  ])(
    'a verifier answering with %s fails the job with its reason and leaves the flags and pages intact',
    async (_, c) => {
      const flags = deterministic((await briefing()).flags);
      fake.script((req) => (isVerify(req) ? c.fail : behave.json(DRAFT)));
      try {
        await askAgain();
        // A short timeout only where it is the failure under test: elsewhere a stall must not win.
        const llm = fakeLlm(fake.url, { model: c.model, timeoutMs: c.code === 'llm_timeout' ? 300 : 60_000 });
        expect(await verifier(llm).drain()).toEqual(['failed']);
      } finally {
        fake.script((req) => (isVerify(req) ? honestVerifier(req) : behave.json(DRAFT)));
      }
      const job = await latestJob();
      expect(job).toMatchObject({ status: 'failed', errorCode: c.code, leaseOwner: null, model: c.model });
      expect(job.finishedAt).not.toBeNull();
      expect(job.error).toMatch(/could not be verified/);
      // Nothing stays claimable: the next pass finds no work.
      expect(await verifier(fakeLlm(fake.url)).runOnce()).toBeNull();

      const b = await briefing();
      expect(deterministic(b.flags)).toEqual(flags);
      expect(b.verifier).toMatchObject({ status: 'failed', errorCode: c.code });
      const page = await reviewer.agent.get(`/briefings/${briefingId}`).expect(200);
      expect(page.text).toContain('could not be verified');
      expect(page.text).toContain('The grounding flags above are unaffected.');
    },
  );
});

describe.each(DB_KINDS)('Grounding: no model verifier without an LLM (%s)', (kind) => {
  let t: TestApp;
  let editor: Session;
  beforeAll(async () => {
    ({ t, editor } = await startAppWithEditor(kind));
  });
  afterAll(() => t.close());

  test('an offline draft queues no verification, the page says so quietly and asking is a 409', async () => {
    const { briefingId: id } = await startBriefingThroughApi(t, editor);
    expect(await worker(t, null).drain()).toEqual(['succeeded']);
    expect(await t.db.prisma.verification.count()).toBe(0);

    const b = await editor.agent.get(`/api/briefings/${id}`).expect(200);
    expect(b.body.verifier).toMatchObject({ configured: false, status: null });
    const page = await editor.agent.get(`/briefings/${id}`).expect(200);
    expect(page.text).toContain('no LLM configured, so no model verifier');
    expect(page.text).not.toContain('Ask the model');

    const ask = await editor.agent
      .post(`/api/briefings/${id}/grounding/verify`)
      .set('X-CSRF-Token', editor.csrf)
      .send({})
      .expect(409);
    expect(ask.body.code).toBe('verifier_not_configured');
    expect(await t.db.prisma.verification.count()).toBe(0);
  });
});
