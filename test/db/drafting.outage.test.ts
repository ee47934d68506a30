import { makeUser, signIn, type Session } from '../support/testApp.js';
import { startProxiedApp, type ProxiedApp } from '../support/proxiedApp.js';
import { behave, startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI.js';
import { fakeLlm, worker, startBriefingThroughApi } from '../support/draftingFactory.js';
import { describeOnPostgres } from '../support/testDb.js';

// An LLM answer is paid for. When it arrives while the database is down, the worker keeps it
// and commits it once the database is back, instead of dropping it and having the job run (and
// be paid for) again after its lease runs out.

const DRAFT = {
  title: 'Written during an outage',
  slugSuggestion: 'written-during-an-outage',
  thirtySecondBriefing: 'China has issued the first batch of licences.',
  technicalBrief: [{ text: 'Exports to the US reached a nine-month high in October.', sourceIds: ['S1'] }],
  ourTake: ['One paragraph.', 'Another paragraph.'],
  keywords: [],
  industries: [],
  products: [],
  claims: [],
};

describeOnPostgres(
  'Drafting: a finished generation survives a database outage (PostgreSQL through a breakable proxy)',
  () => {
    let t: ProxiedApp;
    let fake: FakeOpenAI;
    let editor: Session;
    beforeAll(async () => {
      fake = await startFakeOpenAI();
      t = await startProxiedApp();
      editor = await signIn(t, await makeUser(t, ['editor']));
    });
    afterAll(async () => {
      await t.close();
      await fake.close();
    });
    afterEach(() => t.proxy.open());

    const startDraft = () => startBriefingThroughApi(t, editor);

    const keptLog = 'keeping the finished result';

    /**
     * The database goes away while the model is writing and comes back `downMs` after the worker
     * has met the outage with the answer in hand. The answer is sent only once the cut is done, and
     * the database returns only once the worker has said it keeps the answer (not after a fixed
     * time): a slow machine can neither answer before the outage nor after it, which would test nothing.
     */
    function outageDuringAnswer(downMs: number, whileDown: () => Promise<void> = async () => {}) {
      let calls = 0;
      let back: Promise<void> = Promise.resolve();
      fake.script(async () => {
        calls++;
        const logsBefore = t.logs.length;
        await t.proxy.cut();
        await whileDown();
        back = (async () => {
          const giveUpAt = Date.now() + 40_000;
          while (!t.logs.slice(logsBefore).join('').includes(keptLog) && Date.now() < giveUpAt) {
            await new Promise((r) => setTimeout(r, 50));
          }
          await new Promise((r) => setTimeout(r, downMs));
          await t.proxy.open();
        })();
        return behave.json(DRAFT);
      });
      return { calls: () => calls, back: () => back };
    }

    test('the answer arrives while the database is down: it is kept and committed when the database is back; the LLM is called once', async () => {
      const { briefingId, generationId } = await startDraft();
      const outage = outageDuringAnswer(2_500);
      const w = worker(t, fakeLlm(fake.url), { leaseMs: 30_000 });
      expect(await w.runOnce()).toBe('succeeded');
      await outage.back();
      expect(outage.calls()).toBe(1);
      const g = await t.db.prisma.generation.findUniqueOrThrow({
        where: { id: generationId },
        select: { status: true, attempts: true, leaseOwner: true },
      });
      expect(g).toEqual({ status: 'succeeded', attempts: 1, leaseOwner: null });
      const revisions = await t.db.prisma.revision.findMany({ where: { briefingId }, select: { generationId: true } });
      expect(revisions).toEqual([{ generationId }]);
      const b = await t.db.prisma.briefing.findUniqueOrThrow({ where: { id: briefingId }, select: { title: true } });
      expect(b.title).toBe('Written during an outage');
      expect(t.logs.join('')).toContain(keptLog);
      // Nothing left for another worker to pay for again.
      expect(await w.runOnce()).toBeNull();
    }, 60_000);

    test('the lease was taken over while the database was down: the kept result is dropped, nothing is saved twice', async () => {
      const { briefingId, generationId } = await startDraft();
      // While the database is unreachable for this worker, its lease ran out and another worker
      // claimed the job (simulated straight on the database, which the proxy does not affect).
      const outage = outageDuringAnswer(1_500, async () => {
        await t.db.prisma.generation.update({ where: { id: generationId }, data: { leaseOwner: 'another-worker' } });
      });
      const w = worker(t, fakeLlm(fake.url), { leaseMs: 30_000 });
      expect(await w.runOnce()).toBe('lost');
      await outage.back();
      expect(outage.calls()).toBe(1);
      expect(await t.db.prisma.revision.count({ where: { briefingId } })).toBe(0);
      const g = await t.db.prisma.generation.findUniqueOrThrow({
        where: { id: generationId },
        select: { status: true, leaseOwner: true },
      });
      expect(g).toEqual({ status: 'running', leaseOwner: 'another-worker' });
    }, 60_000);
  },
);
