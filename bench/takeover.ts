// npm run bench:takeover — how long a generation waits after the process running it is killed with
// SIGKILL mid-stream, with the default lease settings (WORKER_LEASE_SECONDS, WORKER_HEARTBEAT_SECONDS).
// A real app process (server/main.ts) on a throwaway PostgreSQL database claims a slowly streamed
// generation; the bench kills it, at once starts a generation worker of its own (a restart), and
// times kill → claimed by the new worker → succeeded. PostgreSQL only: PGlite is one process's.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { throwawayPostgres } from './support/pgDatabase.js';
import { summarise } from './support/percentiles.js';
import { behave, startFakeOpenAI, synthesize } from '../test/support/fakeOpenAI.js';
import { boot } from '../server/boot.js';
import { loadConfig } from '../server/env.js';
import { createLogger } from '../server/logging/logger.js';
import { createUser } from '../server/commands/users/createUser.js';
import { startBriefing } from '../server/commands/briefings/startBriefing.js';
import { createGenerationWorker } from '../server/workers/generationWorker.js';
import { createLlmClient } from '../server/drafting/llm/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(fn: () => Promise<T | null | undefined | false>, what: string, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const pgdb = await throwawayPostgres('bd_bench_takeover');
const fake = await startFakeOpenAI();
// The killed process's request streams for minutes; the worker that takes over gets a quick answer.
let slowNext = true;
fake.script((req) => {
  const output = synthesize(req.body?.response_format?.json_schema?.schema) as Record<string, unknown>;
  fake.requests.length = 0;
  return slowNext
    ? { ...behave.json({ ...output, thirtySecondBriefing: 'Slow. '.repeat(20_000) }), chunking: 6, chunkDelayMs: 50 }
    : behave.json(output);
});

const env = {
  NODE_ENV: 'test',
  DATABASE_URL: pgdb.url,
  DATABASE_POOL_SIZE: '3',
  SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  SEED_DEMO: 'false',
  LOG_LEVEL: 'silent',
  DATA_DIR: os.tmpdir(),
  OPENAI_BASE_URL: fake.url,
  OPENAI_MODEL: 'gpt-4o-mini',
  OPENAI_MAX_RETRIES: '0',
  PORT: '0',
  HOST: '127.0.0.1',
  // Unset: the defaults. WORKER_LEASE_SECONDS=60 reproduces the fixed lease this replaced.
  ...(process.env.WORKER_LEASE_SECONDS ? { WORKER_LEASE_SECONDS: process.env.WORKER_LEASE_SECONDS } : {}),
  ...(process.env.WORKER_HEARTBEAT_SECONDS ? { WORKER_HEARTBEAT_SECONDS: process.env.WORKER_HEARTBEAT_SECONDS } : {}),
};
const config = loadConfig(env);
const booted = await boot(config, { logger: createLogger('silent'), skipFirstRun: true });
const prisma = booted.deps.db.prisma;
const user = await createUser(prisma, null, {
  email: `takeover-${Date.now()}@example.test`,
  displayName: 'Bench Editor',
  roles: ['editor'],
  password: 'bench-password-123',
});
const actor = {
  kind: 'session' as const,
  userId: user.id,
  email: user.email,
  displayName: 'Bench Editor',
  roles: user.roles,
  timezone: 'UTC',
};
const text =
  'China has issued the first batch of one-year general rare earth export licences to magnet producers. Exports to the US reached a nine-month high in October.';

const rows: { leftMs: number; claimMs: number; doneMs: number }[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    const lead = await prisma.source.create({
      data: {
        canonicalUrl: `https://bench.example/takeover-${round}-${Date.now()}`,
        url: `https://bench.example/takeover-${round}`,
        publisher: 'Bench Wire',
        title: `Rare earth licences ${round}`,
        publishedAt: new Date(),
        fetchedAt: new Date(),
        text,
        wordCount: text.split(/\s+/).length,
        contentHash: `takeover-${round}-${Date.now()}`,
        keywords: ['rare earth'],
        origin: 'import',
      },
      select: { id: true },
    });
    slowNext = true;
    const { generation } = await startBriefing(booted.deps, actor, { leadSourceId: lead.id });

    // One process (not tsx's launcher, which would outlive a kill of itself): its pid names the lease holder.
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const pid = child.pid!;
    const stopChild = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    process.once('exit', stopChild);
    await until(
      () =>
        prisma.generation.findFirst({
          where: {
            id: generation.id,
            status: 'running',
            leaseOwner: { contains: `:${pid}:` },
            partialOutput: { not: null },
          },
          select: { id: true },
        }),
      'the app process to be mid-generation',
    );
    slowNext = false;
    const lease = await prisma.generation.findUniqueOrThrow({
      where: { id: generation.id },
      select: { leaseExpiresAt: true },
    });
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));

    // The restart: a fresh worker with the default settings, started the moment the old one died.
    const llm = createLlmClient({ model: 'gpt-4o-mini', baseURL: fake.url, apiKey: 'x', maxRetries: 0 });
    const w = createGenerationWorker(booted.deps, { llm });
    w.start();
    await until(
      () =>
        prisma.generation.findFirst({
          where: { id: generation.id, leaseOwner: w.owner },
          select: { id: true },
        }),
      'the take-over',
    );
    const claimedAt = Date.now();
    await until(
      () => prisma.generation.findFirst({ where: { id: generation.id, status: 'succeeded' }, select: { id: true } }),
      'the retried generation to succeed',
    );
    const doneAt = Date.now();
    await w.stop();
    rows.push({
      leftMs: lease.leaseExpiresAt!.getTime() - killedAt,
      claimMs: claimedAt - killedAt,
      doneMs: doneAt - killedAt,
    });
    process.stdout.write(
      `round ${round + 1}: lease left at kill ${(rows.at(-1)!.leftMs / 1000).toFixed(1)} s, taken over after ${(rows.at(-1)!.claimMs / 1000).toFixed(1)} s, draft saved after ${(rows.at(-1)!.doneMs / 1000).toFixed(1)} s\n`,
    );
  }
} finally {
  await booted.stop();
  await fake.close();
  await pgdb.drop();
}

const claim = { ...summarise(rows.map((r) => r.claimMs)), max: Math.max(...rows.map((r) => r.claimMs)) };
const done = { ...summarise(rows.map((r) => r.doneMs)), max: Math.max(...rows.map((r) => r.doneMs)) };
console.log(
  `\nWORKER_LEASE_SECONDS=${config.leases.leaseMs / 1000}, WORKER_HEARTBEAT_SECONDS=${config.leases.heartbeatMs / 1000}, ${ROUNDS} rounds`,
);
console.log('| kill -9 → | p50 s | max s |');
console.log('|---|---:|---:|');
console.log(
  `| taken over by the restarted worker | ${(claim.p50 / 1000).toFixed(1)} | ${(claim.max / 1000).toFixed(1)} |`,
);
console.log(`| draft saved | ${(done.p50 / 1000).toFixed(1)} | ${(done.max / 1000).toFixed(1)} |`);
