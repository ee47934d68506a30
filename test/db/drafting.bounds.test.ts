import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { startAppWithEditor, type Session, type TestApp } from '../support/testApp.js';
import { behave, startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI.js';
import { fakeLlm, worker, startBriefingThroughApi } from '../support/draftingFactory.js';

/** What the operator allows to be stored of one model answer (head and tail), kept small here. */
const STORED_CHARS = 4096;

const draftWith = (sourceId: string, over: Record<string, unknown> = {}) => ({
  title: 'Bounded',
  slugSuggestion: 'bounded',
  thirtySecondBriefing: 'China issued licences.',
  technicalBrief: [{ text: 'Licences were issued.', sourceIds: [sourceId] }],
  ourTake: ['One.', 'Two.'],
  keywords: [],
  industries: [],
  products: [],
  claims: [],
  ...over,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the recorded request body is whatever the client sent
const sourceIdOf = (req: { body: any }): string =>
  req.body.response_format.json_schema.schema.properties.claims.items.properties.sourceId.enum[0];

describe.each(DB_KINDS)('Drafting: LLM output is bounded (%s)', (kind) => {
  let t: TestApp;
  let fake: FakeOpenAI;
  let editor: Session;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    ({ t, editor } = await startAppWithEditor(kind, { LLM_STORED_OUTPUT_CHARS: String(STORED_CHARS) }));
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const startDraft = () => startBriefingThroughApi(t, editor);
  const generation = (id: string) =>
    editor.agent
      .get(`/api/generations/${id}`)
      .expect(200)
      .then((r) => r.body);

  test('every request carries max_completion_tokens from the prompt template budget', async () => {
    await startDraft();
    fake.script((req) => behave.json(draftWith(sourceIdOf(req))));
    expect(await worker(t, fakeLlm(fake.url)).drain()).toEqual(['succeeded']);
    const sent = fake.requests.at(-1)!.body.max_completion_tokens;
    expect(sent).toEqual(expect.any(Number));
    expect(sent).toBeGreaterThanOrEqual(1000);
    expect(sent).toBeLessThanOrEqual(16_000);
  });

  test('a 20 MB section is refused: the generation fails with a clear error, no revision, and nothing large is served', async () => {
    const { briefingId, generationId } = await startDraft();
    const huge = 'Licences were issued. '.repeat(Math.ceil(20_000_000 / 22));
    fake.script((req) => ({
      ...behave.json(draftWith(sourceIdOf(req), { thirtySecondBriefing: huge })),
      chunking: 256 * 1024,
    }));
    expect(await worker(t, fakeLlm(fake.url, { timeoutMs: 60_000 })).drain()).toEqual(['failed']);

    const g = await generation(generationId);
    expect(g.status).toBe('failed');
    expect(g.error.code).toBe('length');
    expect(g.error.message).toMatch(/bound of \d[\d,]* output tokens/);
    expect(await t.db.prisma.revision.count({ where: { briefingId } })).toBe(0);
    const page = await editor.agent.get(`/api/briefings/${briefingId}`).expect(200);
    expect(page.text.length).toBeLessThan(200_000);
    const raw = await editor.agent.get(`/api/generations/${generationId}/raw-output`).expect(200);
    expect(raw.text.length).toBeLessThanOrEqual(STORED_CHARS);
  }, 60_000);

  test('an endless stream stops at the bound; stored raw and partial output stay under the cap with head and tail kept', async () => {
    const { generationId } = await startDraft();
    fake.script([behave.endless('{"title": "Endless", "thirtySecondBriefing": "HEAD-MARK ', 'la la la ')]);
    expect(await worker(t, fakeLlm(fake.url, { timeoutMs: 60_000 })).drain()).toEqual(['failed']);

    const row = await t.db.prisma.generation.findUniqueOrThrow({
      where: { id: generationId },
      select: { errorCode: true, rawOutput: true, partialOutput: true },
    });
    expect(row.errorCode).toBe('length');
    expect(row.rawOutput!.length).toBeLessThanOrEqual(STORED_CHARS);
    expect(row.rawOutput!.startsWith('{"title": "Endless", "thirtySecondBriefing": "HEAD-MARK la')).toBe(true);
    expect(row.rawOutput).toMatch(/characters omitted/);
    expect(row.rawOutput!.endsWith('la la ')).toBe(true);
    expect((row.partialOutput ?? '').length).toBeLessThanOrEqual(STORED_CHARS);
  }, 60_000);

  test('a field longer than its cap is refused after the repair round, naming the field', async () => {
    const { briefingId, generationId } = await startDraft();
    fake.script((req) => behave.json(draftWith(sourceIdOf(req), { title: 'Long title '.repeat(500) })));
    expect(await worker(t, fakeLlm(fake.url)).drain()).toEqual(['failed']);
    const g = await generation(generationId);
    expect(g.error.code).toBe('invalid_output');
    expect(g.error.message).toMatch(/title: .*at most \d+ characters/);
    expect(await t.db.prisma.revision.count({ where: { briefingId } })).toBe(0);
  });

  test('raw output is not in the briefing or generation JSON; it has its own endpoint, for staff only', async () => {
    const { briefingId, generationId } = await startDraft();
    fake.script([behave.text('not json at all RAW-MARKER')]);
    expect(await worker(t, fakeLlm(fake.url)).drain()).toEqual(['failed']);

    const briefing = await editor.agent.get(`/api/briefings/${briefingId}`).expect(200);
    expect(briefing.text).not.toContain('RAW-MARKER');
    expect(briefing.body.generation.rawOutput).toBeUndefined();
    expect(briefing.body.generation.rawOutputUrl).toBe(`/api/generations/${generationId}/raw-output`);
    const g = await editor.agent.get(`/api/generations/${generationId}`).expect(200);
    expect(g.text).not.toContain('RAW-MARKER');
    expect(g.body.links.rawOutput).toBe(`/api/generations/${generationId}/raw-output`);

    const raw = await editor.agent.get(`/api/generations/${generationId}/raw-output`).expect(200);
    expect(raw.headers['content-type']).toMatch(/^text\/plain/);
    expect(raw.text).toBe('not json at all RAW-MARKER');
    await request(t.app).get(`/api/generations/${generationId}/raw-output`).expect(401);
    const openapi = await request(t.app).get('/api/openapi.json').expect(200);
    expect(Object.keys(openapi.body.paths)).toContain('/api/generations/{id}/raw-output');
  });
});
