import { DB_KINDS, createTestDatabase, type TestDatabase } from '../support/testDb.js';
import { takeNamedLease } from '../../server/db/leases.js';

// The story-updates pass (one collation per published briefing) runs in one process at a time:
// replicas started together ask for the same named lease and exactly one gets it.
describe.each(DB_KINDS)('a named lease: one holder at a time, taken over when it runs out (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.dropAndClose());

  test('five processes asking at once: one wins; the holder renews; the others wait until it runs out', async () => {
    const t0 = new Date('2026-12-07T10:00:00Z');
    const ask = (owner: string, at: Date) =>
      takeNamedLease(db.prisma, { name: 'story-updates', owner, now: at, ms: 60_000 });
    const owners = ['a', 'b', 'c', 'd', 'e'];
    const first = await Promise.all(owners.map((o) => ask(o, t0)));
    expect(first.filter(Boolean)).toHaveLength(1);
    const holder = owners[first.indexOf(true)];
    const other = owners.find((o) => o !== holder)!;

    // 30 s on: the holder renews; nobody else gets it, not even after the first expiry would have passed.
    expect(await ask(holder, new Date(t0.getTime() + 30_000))).toBe(true);
    expect(await ask(other, new Date(t0.getTime() + 70_000))).toBe(false);
    // The holder stopped asking (it died): a minute after its last renewal another takes over.
    expect(await ask(other, new Date(t0.getTime() + 90_000))).toBe(true);
    expect(await ask(holder, new Date(t0.getTime() + 95_000))).toBe(false);
    // Another name is another lease.
    expect(await takeNamedLease(db.prisma, { name: 'other-job', owner: holder, now: t0, ms: 60_000 })).toBe(true);
  });
});
