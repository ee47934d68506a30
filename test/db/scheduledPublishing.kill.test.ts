import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_SECRET, makeUser, startTestApp, type TestApp, actorFor } from '../support/testApp.js';
import { makeReviewBriefing } from '../support/reviewFactory.js';
import { waitFor } from '../support/draftingFactory.js';
import { schedulePublication } from '../../server/commands/publishing/schedulePublication.js';
import type { Actor } from '../../server/policies/actor.js';
import { describeOnPostgres } from '../support/testDb.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The real process entry, as an operator starts a replica, with short leases so a takeover is quick. */
function startApp(t: TestApp, log: { text: string }): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
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
      WORKER_LEASE_SECONDS: '3',
      WORKER_HEARTBEAT_SECONDS: '1',
    },
  });
  // An unread pipe fills up and blocks the child; and a child that never gets going should say why.
  child.stderr.on('data', (c: Buffer) => (log.text = (log.text + c.toString()).slice(-4000)));
  return child;
}

const alive = (c: ChildProcess | undefined) => c && c.exitCode === null && c.signalCode === null;

// Only PostgreSQL can be shared by separate processes; PGlite lives inside one. It runs whichever kind
// TEST_DB picks for the other suites.
describeOnPostgres.each(['postgres' as const])('Scheduled publishing survives kill -9 (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  test('an app process killed with SIGKILL at the due time, mid-publish: after a restart the briefing is published exactly once', async () => {
    const editorUser = await makeUser(t, ['editor'], { displayName: 'Elena Editor' });
    const reviewer = await makeUser(t, ['reviewer']);
    const b = await makeReviewBriefing(t.db.prisma, {
      state: 'approved',
      signedBy: reviewer,
      createdById: editorUser.id,
    });
    const editor: Actor = actorFor(editorUser);
    // Scheduled for later (a stall cannot put it in the past before it is accepted), then made due.
    const runAt = new Date(Date.now() + 3_600_000);
    await schedulePublication(t.booted.deps, editor, { briefingId: b.briefingId, runAt, timezone: 'UTC' });
    await t.db.prisma.publishSchedule.updateMany({
      where: { briefingId: b.briefingId, status: 'pending' },
      data: { runAt: new Date(Date.now() - 1000) },
    });

    // Hold the briefing's row lock so the first process, once it claims the due schedule, stops inside
    // its publish transaction: that is where it is killed.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const holder = t.db.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM "Briefing" WHERE "id" = ${b.briefingId}::uuid FOR UPDATE`;
        locked();
        await gate;
      },
      { timeout: 180_000 },
    );
    await holding;

    const log = { text: '' };
    let first: ChildProcess | undefined;
    let second: ChildProcess | undefined;
    try {
      first = startApp(t, log);
      const pid = first.pid!;
      await waitFor(
        () =>
          t.db.prisma.publishSchedule.findFirst({
            where: { briefingId: b.briefingId, leaseOwner: { contains: `:${pid}:` } },
          }),
        'the first process to claim the due schedule',
        90_000,
      ).catch((e: Error) => {
        throw new Error(`${e.message}; child log:\n${log.text}`);
      });
      // Its publish transaction is waiting for the briefing's lock.
      await waitFor(
        async () => {
          // This database only: other test files on the same server have lock waits of their own.
          const [row] = await t.db.prisma.$queryRaw<{ n: number }[]>`
            SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND l.locktype = 'transactionid' AND a.datname = current_database()`;
          return row.n > 0;
        },
        'the first process to wait inside its publish transaction',
        30_000,
      );
      process.kill(pid, 'SIGKILL');
      await new Promise((r) => first!.once('exit', r));
      release();
      await holder;
      expect(await t.db.prisma.publication.count({ where: { briefingId: b.briefingId } })).toBe(0);
      expect((await t.db.prisma.publishSchedule.findFirstOrThrow({ where: { briefingId: b.briefingId } })).status).toBe(
        'pending',
      );

      // Restart: a new process takes the schedule over once the dead one's lease has run out.
      second = startApp(t, log);
      const published = await waitFor(
        () =>
          t.db.prisma.publishSchedule.findFirst({
            where: { briefingId: b.briefingId, status: 'published' },
            select: { publicationId: true, attempts: true, leaseOwner: true },
          }),
        'the restarted process to publish the schedule',
        90_000,
      ).catch((e: Error) => {
        throw new Error(`${e.message}; child log:\n${log.text}`);
      });
      expect(published.attempts).toBe(2);
    } finally {
      release();
      if (alive(first)) first!.kill('SIGKILL');
      if (alive(second)) {
        second!.kill('SIGTERM');
        await new Promise((r) => second!.once('exit', r));
      }
    }
    const pubs = await t.db.prisma.publication.findMany({
      where: { briefingId: b.briefingId },
      select: { version: true, revisionId: true, publishedById: true },
    });
    expect(pubs).toEqual([{ version: 1, revisionId: b.currentRevisionId, publishedById: editorUser.id }]);
    expect(
      await t.db.prisma.auditEvent.count({ where: { entityId: b.briefingId, action: 'briefing.published' } }),
    ).toBe(1);
  }, 240_000);
});
