// npm run bench:site — the stored article page against a bare Express 5 hello-world in the same
// run (aim >= 60%), and feed / sitemap generation time with 10k published briefings (aim <= 100 ms),
// on PGlite and PostgreSQL.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, table, type LoadResult } from './support/load.js';
import { startChild } from './support/child.js';
import { throwawayPostgres } from './support/pgDatabase.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const KINDS = (process.env.BENCH_DB ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const opts = { durationSeconds: DURATION, connections: CONNECTIONS };

type Timing = { ms: number; bytes: number };
interface Info {
  port: number;
  path: string;
  publications: number;
  seedMs: number;
  timings: Record<'rss' | 'atom' | 'json' | 'sitemap', Timing>;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const rows: LoadResult[] = [];
const ratios: string[] = [];
const gen: string[] = [];
// The machine is shared, so load drifts over a run: the bare server stays up and is measured
// right before each app target, round after round, and each ratio uses its own neighbour.
const bare = await startChild<{ port: number }>('bench/support/bareServer.ts', {});
const bareUrl = `http://127.0.0.1:${bare.info.port}/`;
await load('warm-up', bareUrl, { ...opts, durationSeconds: 2 });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function versusBare(label: string, url: string, headers?: Record<string, string>): Promise<void> {
  const results: LoadResult[] = [];
  const pct: number[] = [];
  const bares: LoadResult[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const b = await load('bare', bareUrl, opts);
    const a = await load(label, url, { ...opts, headers });
    bares.push(b);
    results.push(a);
    pct.push((100 * a.requestsPerSecond) / b.requestsPerSecond);
  }
  const best = results[pct.indexOf(median(pct))];
  rows.push(bares[pct.indexOf(median(pct))], best);
  ratios.push(`| ${label} | ${pct.map((p) => p.toFixed(0) + '%').join(', ')} | **${median(pct).toFixed(0)}%** |`);
}

for (const kind of KINDS) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bd-bench-site-'));
  const pgdb = kind === 'postgres' ? await throwawayPostgres('bd_bench_site') : undefined;
  const env = {
    NODE_ENV: 'production',
    EDITORIAL_SIGNING_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    SESSION_SECRET: 'b'.repeat(48),
    DATA_DIR: dataDir,
    DATABASE_URL: pgdb?.url,
    DATABASE_POOL_SIZE: '20',
    WORKERS: 'false',
  };
  const app = await startChild<Info>('bench/support/siteServer.ts', env);
  const base = `http://127.0.0.1:${app.info.port}`;
  await load('warm-up', `${base}${app.info.path}`, { ...opts, durationSeconds: 2 });
  await versusBare(`article page (${kind})`, `${base}${app.info.path}`);
  // What a browser sends: the page goes out brotli-compressed (made once, kept with the cached page).
  await versusBare(`article page, Accept-Encoding as a browser sends it (${kind})`, `${base}${app.info.path}`, {
    'accept-encoding': 'gzip, deflate, br, zstd',
  });
  await versusBare(`app /healthz, no DB: the stack's ceiling (${kind})`, `${base}/healthz`);
  await versusBare(`/feed.xml, cached, 106 KiB (${kind})`, `${base}/feed.xml`);
  for (const [name, t] of Object.entries(app.info.timings)) {
    gen.push(
      `| ${name} | ${kind} | ${app.info.publications} | ${t.ms.toFixed(1)} | ${(t.bytes / 1024).toFixed(0)} KiB | ${t.ms <= 100 ? 'yes' : 'NO'} |`,
    );
  }
  await app.stop();
  await pgdb?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
await bare.stop();

console.log(
  `\nbench:site — ${CONNECTIONS} connections, ${DURATION} s per target, node ${process.version}, ${os.cpus().length} cores\n`,
);
console.log(table(rows));
console.log('\nRatio to the bare server measured just before, per round, and the median:\n');
console.log(['| target | rounds | median |', '|---|---|---:|', ...ratios].join('\n'));
console.log('\nGeneration without cache (median of 7 runs, in-process):\n');
console.log(
  ['| output | db | live publications | ms | size | <= 100 ms |', '|---|---|---:|---:|---:|---|', ...gen].join('\n'),
);
