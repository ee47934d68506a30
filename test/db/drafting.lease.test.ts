import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DB_KINDS } from '../support/testDb.js';
import { TEST_SECRET, startAppWithEditor, type Session, type TestApp } from '../support/testApp.js';
import {
  behave,
  startFakeOpenAI,
  type FakeBehaviour,
  type FakeOpenAI,
  type RecordedRequest,
} from '../support/fakeOpenAI.js';
import { fakeLlm, waitFor, worker, startBriefingThroughApi } from '../support/draftingFactory.js';
import { claimGeneration } from '../../server/drafting/generations/claimGeneration.js';
import { completeGeneration } from '../../server/drafting/generations/completeGeneration.js';
import { loadDraftInputs } from '../../server/drafting/briefings/loadDraftInputs.js';
import { produceDraft } from '../../server/drafting/generations/produceDraft.js';
import { createGenerationWorker } from '../../server/workers/generationWorker.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const DRAFT = {
  title: 'Lease test',
  slugSuggestion: 'lease-test',
  thirtySecondBriefing: 'China has issued the first batch of licences.',
  technicalBrief: [{ text: 'Exports to the US reached a nine-month high in October.', sourceIds: ['S1'] }],
  ourTake: ['One paragraph.', 'Another paragraph.'],
  keywords: [],
  industries: [],
  products: [],
  claims: [],
};

describe.each(DB_KINDS)('Drafting: durable jobs under leases (%s)', (kind) => {
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

  const startDraft = () => startBriefingThroughApi(t, editor);

  test('a job whose worker vanished is retried after its lease expires; the late worker cannot save a second revision', async () => {
    const { briefingId, generationId } = await startDraft();
    // A lease no stall of a loaded machine can outlast, so the next line surely sees it held.
    const dead = await claimGeneration(t.db.prisma, 'dead-worker', 600_000);
    expect(dead?.id).toBe(generationId);
    const w = worker(t, fakeLlm(fake.url), { leaseMs: 5_000 });
    fake.script([behave.json(DRAFT)]);
    expect(await w.runOnce()).toBeNull(); // still leased
    // Time passes without the test sleeping: the dead worker's lease runs out.
    await t.db.prisma.generation.update({
      where: { id: generationId },
      data: { leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    expect(await waitFor(() => w.runOnce(), 'lease expiry')).toBe('succeeded');
    const g = await t.db.prisma.generation.findUniqueOrThrow({
      where: { id: generationId },
      select: { status: true, attempts: true },
    });
    expect(g).toEqual({ status: 'succeeded', attempts: 2 });

    // The "dead" worker comes back with its own result: the lease is not its any more.
    const inputs = await loadDraftInputs(t.db.prisma, briefingId);
    const result = await produceDraft({ kind: 'draft', section: null, instructions: null }, inputs, null);
    expect(await completeGeneration(t.db.prisma, dead!, 'dead-worker', inputs, result)).toBe('lost');
    expect(await t.db.prisma.revision.count({ where: { briefingId } })).toBe(1);
  });

  test('with the default configuration a lease lasts at most 15 s and a heartbeat keeps renewing it while the job runs', async () => {
    const { generationId } = await startDraft();
    fake.script([{ kind: 'hang', afterChunks: 1, content: '{"title": "Still writing' }]);
    // No lease override: what a process started with default settings takes.
    const w = createGenerationWorker(t.booted.deps, { llm: fakeLlm(fake.url, { timeoutMs: 60_000 }), pollMs: 50 });
    const run = w.runOnce();
    const lease = async () =>
      t.db.prisma.generation.findUniqueOrThrow({
        where: { id: generationId },
        select: { status: true, leaseExpiresAt: true, heartbeatAt: true },
      });
    const first = await waitFor(async () => {
      const g = await lease();
      return g.status === 'running' && g.leaseExpiresAt ? g : null;
    }, 'the job to run');
    expect(first.leaseExpiresAt!.getTime() - first.heartbeatAt!.getTime()).toBeLessThanOrEqual(15_000);
    // Renewed while it runs: a live worker is never taken over however long the model writes.
    const renewed = await waitFor(async () => {
      const g = await lease();
      return g.leaseExpiresAt!.getTime() > first.leaseExpiresAt!.getTime() ? g : null;
    }, 'a heartbeat');
    expect(renewed.status).toBe('running');
    await editor.agent.post(`/api/generations/${generationId}/cancel`).set('X-CSRF-Token', editor.csrf).expect(202);
    expect(await run).toBe('cancelled');
  });

  test('a job interrupted more than maxAttempts times is failed instead of retried forever', async () => {
    const { generationId } = await startDraft();
    await t.db.prisma.generation.update({
      where: { id: generationId },
      data: { attempts: 3, status: 'running', leaseOwner: 'gone', leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    expect(await worker(t, null).drain()).toEqual(['failed']);
    const g = await t.db.prisma.generation.findUniqueOrThrow({
      where: { id: generationId },
      select: { status: true, errorCode: true },
    });
    expect(g).toEqual({ status: 'failed', errorCode: 'worker_lost' });
  });

  if (kind === 'postgres') {
    test('a worker process killed with SIGKILL mid-generation: another worker retries it and exactly one revision results', async () => {
      const { briefingId, generationId } = await startDraft();
      // The child's model streams and then never finishes: it cannot complete the job before the
      // kill, however slowly the test gets to it.
      const slow: FakeBehaviour = {
        kind: 'hang',
        content: JSON.stringify({ ...DRAFT, thirtySecondBriefing: 'China has issued licences. '.repeat(60) }),
        afterChunks: 40,
        chunking: 6,
        chunkDelayMs: 40,
      };
      // Every drafting request before the kill hangs, whichever comes first. Picking the hang by the
      // request's index let another request (the child also runs other model jobs) take it, and the
      // child then finished the draft before it was killed. Other requests are answered with an error.
      let killed = false;
      const drafting = (req: RecordedRequest) =>
        String(req.body?.response_format?.json_schema?.name ?? '').startsWith('briefing');
      fake.script((req) => (!drafting(req) ? { kind: 'error', status: 503 } : killed ? behave.json(DRAFT) : slow));
      let child: ChildProcess | undefined;
      try {
        child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
          cwd: ROOT,
          stdio: ['ignore', 'ignore', 'pipe'],
          env: {
            PATH: process.env.PATH,
            NODE_ENV: 'test',
            DATABASE_URL: t.db.url,
            DATABASE_POOL_SIZE: '3',
            PORT: '0',
            HOST: '127.0.0.1',
            SESSION_SECRET: TEST_SECRET,
            SEED_DEMO: 'false',
            LOG_LEVEL: 'warn',
            DATA_DIR: process.env.BD_TEST_TMP ?? '/tmp',
            OPENAI_BASE_URL: fake.url,
            OPENAI_MODEL: 'gpt-4o-mini',
            OPENAI_MAX_RETRIES: '0',
            WORKER_LEASE_SECONDS: '4',
            WORKER_HEARTBEAT_SECONDS: '1',
          },
        });
        const pid = child.pid!;
        // Read the child's log: an unread pipe fills up and blocks the child's next write, and a child
        // that never gets going should say why in the failure.
        let log = '';
        child.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
        const running = await waitFor(
          () =>
            t.db.prisma.generation.findFirst({
              where: { id: generationId, status: 'running', partialOutput: { not: null } },
              select: { leaseOwner: true },
            }),
          'the child process to be mid-generation',
          60_000,
        ).catch(async (e: Error) => {
          const g = await t.db.prisma.generation.findUnique({
            where: { id: generationId },
            select: { status: true, attempts: true, leaseOwner: true },
          });
          throw new Error(`${e.message}; generation ${JSON.stringify(g)}; child log:\n${log}`);
        });
        expect(running.leaseOwner).toContain(`:${pid}:`);
        killed = true;
        process.kill(pid, 'SIGKILL');
        await new Promise((r) => child!.once('exit', r));

        const w = worker(t, fakeLlm(fake.url), { leaseMs: 5_000 });
        expect(await waitFor(() => w.runOnce(), 'the dead lease to expire', 60_000)).toBe('succeeded');
      } finally {
        if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      const g = await t.db.prisma.generation.findUniqueOrThrow({
        where: { id: generationId },
        select: { status: true, attempts: true },
      });
      expect(g).toEqual({ status: 'succeeded', attempts: 2 });
      const revisions = await t.db.prisma.revision.findMany({ where: { briefingId }, select: { generationId: true } });
      expect(revisions).toEqual([{ generationId }]);
    }, 120_000);
  }
});
