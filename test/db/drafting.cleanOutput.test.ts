import { DB_KINDS } from '../support/testDb.js';
import { startAppWithEditor, type Session, type TestApp } from '../support/testApp.js';
import { behave, startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI.js';
import { fakeLlm, worker, startBriefingThroughApi } from '../support/draftingFactory.js';

const draftWith = (sourceId: string, over: Record<string, unknown> = {}) => ({
  title: 'Clean output',
  slugSuggestion: 'clean-output',
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

describe.each(DB_KINDS)(
  'Drafting: model output PostgreSQL cannot store is cleaned, and the cleaning reported (%s)',
  (kind) => {
    let t: TestApp;
    let fake: FakeOpenAI;
    let editor: Session;
    beforeAll(async () => {
      fake = await startFakeOpenAI();
      ({ t, editor } = await startAppWithEditor(kind));
    });
    afterAll(async () => {
      await t.close();
      await fake.close();
    });

    test('a draft with a NUL in its title and a lone surrogate in a bullet: saved clean, the revision note says what changed', async () => {
      const { briefingId, generationId } = await startBriefingThroughApi(t, editor);
      fake.script((req) =>
        behave.json(
          draftWith(sourceIdOf(req), {
            title: 'Licences\u0000 issued',
            technicalBrief: [{ text: 'Licences were \ud800 issued.', sourceIds: [sourceIdOf(req)] }],
          }),
        ),
      );
      expect(await worker(t, fakeLlm(fake.url)).drain()).toEqual(['succeeded']);

      const g = await editor.agent.get(`/api/generations/${generationId}`).expect(200);
      expect(g.body.status).toBe('succeeded');
      const revision = await t.db.prisma.revision.findFirstOrThrow({
        where: { briefingId },
        select: { content: true, note: true },
      });
      const content = revision.content as { title: string; technicalBrief: { text: string }[] };
      expect(content.title).toBe('Licences issued');
      expect(content.technicalBrief[0].text).toBe('Licences were \ufffd issued.');
      expect(revision.note).toMatch(/title: 1 NUL character removed/);
      expect(revision.note).toMatch(/technicalBrief\.0\.text: 1 unpaired surrogate replaced by U\+FFFD/);
      const audit = await t.db.prisma.auditEvent.findFirstOrThrow({
        where: { action: 'generation.succeeded', entityId: generationId },
      });
      expect(JSON.stringify(audit.data)).toContain('NUL character removed');
    });

    test('output that is not JSON and holds a raw NUL: the generation fails as invalid output, its raw output stored without the NUL', async () => {
      const { generationId } = await startBriefingThroughApi(t, editor);
      fake.script([behave.text('not json \u0000 at all RAW-NUL')]);
      expect(await worker(t, fakeLlm(fake.url)).drain()).toEqual(['failed']);
      const row = await t.db.prisma.generation.findUniqueOrThrow({
        where: { id: generationId },
        select: { status: true, errorCode: true, rawOutput: true },
      });
      expect(row.status).toBe('failed');
      expect(row.errorCode).toBe('invalid_output');
      expect(row.rawOutput).toBe('not json  at all RAW-NUL');
    });
  },
);
