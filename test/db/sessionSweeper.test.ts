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

  test('the session sweeper, run by two processes at once, deletes sessions dead for over an hour (expired, idle, revoked) and keeps the others', async () => {
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
    const hours = (n: number) => n * 3_600_000;
    const keep = row({});
    // Dead for less than the hour of grace: a request that read it a moment ago may still touch it.
    const justDied = row({ expiresAt: now - 10 * 60_000 });
    const dead = [
      ...Array.from({ length: 1_200 }, () => row({ expiresAt: now - hours(2) })), // past absolute expiry
      row({ lastSeenAt: now - idleMs - hours(2) }), // idle too long
      row({ revokedAt: now - hours(2) }), // signed out
    ];
    await t.db.prisma.session.createMany({ data: [keep, justDied, ...dead] });

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
    expect(await t.db.prisma.session.count({ where: { id: { in: [keep.id, justDied.id] } } })).toBe(2);
    await live.agent.get('/api/auth/me').expect(200);
  }, 60_000);

  test('the sweeper also deletes sign-in throttle rows whose window has ended, and keeps live ones', async () => {
    const now = Date.now();
    const spent = Array.from({ length: 1_100 }, (_, i) => ({
      key: `login_ip:198.18.${Math.floor(i / 250)}.${i % 250}`,
      points: 3,
      expire: new Date(now - 60_000),
    }));
    const live = { key: 'login_pair:someone@example.test|198.18.9.9', points: 2, expire: new Date(now + 3_600_000) };
    await t.db.prisma.rateLimiterFlexible.createMany({ data: [...spent, live] });
    const sweeper = createWorkers(t.booted.deps).find((w) => w.name === 'sessions')!;
    sweeper.start();
    try {
      await waitFor(
        async () => (await t.db.prisma.rateLimiterFlexible.count({ where: { expire: { lte: new Date(now) } } })) === 0,
        'spent throttle rows to be deleted',
        30_000,
      );
    } finally {
      await sweeper.stop();
    }
    expect(await t.db.prisma.rateLimiterFlexible.count({ where: { key: live.key } })).toBe(1);
  }, 60_000);
});
