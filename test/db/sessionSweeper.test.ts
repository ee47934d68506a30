import { randomBytes } from 'node:crypto';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type TestApp } from '../support/testApp.js';
import { waitFor } from '../support/draftingFactory.js';
import { createWorkers } from '../../server/workers/index.js';

describe.each(DB_KINDS)('expired sessions are deleted (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  test('the session sweeper, run by two processes at once, deletes expired, idle and revoked sessions and keeps live ones', async () => {
    const user = await makeUser(t, ['reviewer']);
    const live = await signIn(t, user);
    const now = Date.now();
    const idleMs = t.booted.deps.config.session.idleMs;
    const row = (over: { lastSeenAt?: number; expiresAt?: number; revokedAt?: number }) => ({
      id: randomBytes(16).toString('hex'),
      userId: user.id,
      csrfSecret: 'x',
      createdAt: new Date(now - 2 * idleMs),
      lastSeenAt: new Date(over.lastSeenAt ?? now),
      expiresAt: new Date(over.expiresAt ?? now + 86_400_000),
      revokedAt: over.revokedAt ? new Date(over.revokedAt) : null,
    });
    const keep = row({});
    const dead = [
      ...Array.from({ length: 1_200 }, () => row({ expiresAt: now - 60_000 })), // past absolute expiry
      row({ lastSeenAt: now - idleMs - 60_000 }), // idle too long
      row({ revokedAt: now - 3_600_000 }), // signed out
    ];
    await t.db.prisma.session.createMany({ data: [keep, ...dead] });

    // Two processes' workers on one database, sweeping at the same time.
    const sweepers = [...createWorkers(t.booted.deps), ...createWorkers(t.booted.deps)].filter(
      (w) => w.name === 'sessions',
    );
    expect(sweepers).toHaveLength(2);
    sweepers.forEach((w) => w.start());
    try {
      await waitFor(
        async () => (await t.db.prisma.session.count({ where: { id: { in: dead.map((d) => d.id) } } })) === 0,
        'expired sessions to be deleted',
        30_000,
      );
    } finally {
      await Promise.all(sweepers.map((w) => w.stop()));
    }
    expect(await t.db.prisma.session.count({ where: { id: keep.id } })).toBe(1);
    await live.agent.get('/api/auth/me').expect(200);
  }, 60_000);
});
