import { startProxiedApp, type ProxiedApp } from '../support/proxiedApp.js';
import { importSources, importRunOf } from '../../server/commands/sources/importSources.js';
import { interruptStaleImports } from '../../server/commands/sources/interruptStaleImports.js';
import { describeOnPostgres } from '../support/testDb.js';

// The importer talks to PostgreSQL through a proxy the test cuts once the first batch is written:
// a database lost in the middle of an import. Checks go through a direct connection (t.db).

/** Mutually unrelated ~60-word articles, one JSON object per line. */
function jsonl(n: number): string {
  let seed = 0x1b873593;
  const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const vocab = Array.from({ length: 2000 }, (_, i) => `v${i.toString(36)}q${(i * 7919) % 89}`);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const body = Array.from({ length: 60 }, () => vocab[Math.floor(rand() * vocab.length)]).join(' ') + '.';
    out.push(JSON.stringify({ id: `o-${i}`, title: `Outage story ${i}`, publisher: 'Outage Wire', body }));
  }
  return out.join('\n') + '\n';
}

describeOnPostgres('an import that loses its database part-way (PostgreSQL through a breakable proxy)', () => {
  let t: ProxiedApp;
  beforeAll(async () => {
    // A batch must not trip the test-sized statement timeout: the outage is the proxy's doing.
    t = await startProxiedApp({ DATABASE_STATEMENT_TIMEOUT_MS: '60000' });
  });
  afterAll(() => t?.close());

  test('commits none of its lines; the run ends interrupted, not running and not succeeded', async () => {
    let cut: Promise<void> | null = null;
    const attempt = importSources(
      t.booted.deps.db.prisma,
      null,
      { content: jsonl(3_500), filename: 'outage.jsonl', format: 'jsonl' },
      {
        heartbeatMs: 200,
        // After the first batch of 1,000 is written in the import's transaction.
        onProgress: () => {
          cut ??= t.proxy.cut();
        },
      },
    );
    const error = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(cut).not.toBeNull();
    expect(error).not.toBeNull();
    const run = importRunOf(error);
    expect(run).toEqual({ importRunId: expect.any(String), status: 'interrupted' });

    // Nothing of the file was committed, the first 1,000 lines included.
    expect(await t.db.prisma.source.count({ where: { publisher: 'Outage Wire' } })).toBe(0);

    // The importer could not record the end itself (its database was gone); the sweeper does it
    // once the heartbeat is stale, and the run never reads as succeeded meanwhile.
    const before = await t.db.prisma.importRun.findUniqueOrThrow({ where: { id: run!.importRunId } });
    expect(before.status).toBe('running');
    await t.proxy.open();
    expect(await interruptStaleImports(t.db.prisma, new Date(Date.now() + 60_000))).toBe(1);
    const after = await t.db.prisma.importRun.findUniqueOrThrow({ where: { id: run!.importRunId } });
    expect(after).toMatchObject({
      status: 'interrupted',
      failure: expect.stringMatching(/nothing from it was committed/),
    });
    expect(await t.db.prisma.source.count({ where: { publisher: 'Outage Wire' } })).toBe(0);
  }, 120_000);
});
