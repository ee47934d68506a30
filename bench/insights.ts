// npm run bench:insights — server time of the Insights page (and its JSON) with 10,000 briefings × 3
// revisions on PostgreSQL (BENCH_DB=postgres,pglite for both): the first read after the import, which
// computes every briefing's text measures, then BENCH_REQUESTS sequential page loads across four filters.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startChild } from './support/child.js';
import { throwawayPostgres } from './support/pgDatabase.js';
import { summarise } from './support/percentiles.js';

const BRIEFINGS = Number(process.env.BENCH_BRIEFINGS ?? 10_000);
const REVISIONS = Number(process.env.BENCH_REVISIONS ?? 3);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const KINDS = (process.env.BENCH_DB ?? 'postgres').split(',') as ('postgres' | 'pglite')[];

interface Row {
  label: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

async function timed(url: string, cookie: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { headers: { cookie, accept: 'text/html' } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return performance.now() - t;
}

const rows: Row[] = [];
const notes: string[] = [];
for (const kind of KINDS) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bd-bench-insights-'));
  // BENCH_DATABASE_URL: a database kept from an earlier run (seeding 10,000 briefings takes minutes).
  const kept = kind === 'postgres' ? process.env.BENCH_DATABASE_URL : undefined;
  const pgdb = kind === 'postgres' && !kept ? await throwawayPostgres('bd_bench_insights') : undefined;
  const t0 = Date.now();
  const app = await startChild<{ port: number; cookie: string; versions: string[]; models: string[] }>(
    'bench/support/insightsAppServer.ts',
    {
      NODE_ENV: 'production',
      EDITORIAL_SIGNING_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      SESSION_SECRET: 'i'.repeat(48),
      DATA_DIR: dataDir,
      DATABASE_URL: kept ?? pgdb?.url,
      WORKERS: 'false',
      BENCH_BRIEFINGS: String(BRIEFINGS),
      BENCH_REVISIONS: String(REVISIONS),
    },
  );
  const base = `http://127.0.0.1:${app.info.port}`;
  notes.push(
    `${kind}: seeded ${BRIEFINGS} briefings × ${REVISIONS} revisions in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  const first = await timed(`${base}/insights`, app.info.cookie);
  notes.push(
    `${kind}: first read after the import (text measures of every briefing computed and cached): ${first.toFixed(0)} ms`,
  );
  const year = new Date().getUTCFullYear();
  const paths = [
    '/insights',
    `/insights?promptVersion=${app.info.versions[2]}`,
    `/insights?model=${app.info.models[0]}`,
    `/insights?from=${year - 1}-12-01&to=${year}-12-31`,
  ];
  for (const p of paths) await timed(base + p, app.info.cookie); // each filter's charts rendered once
  for (const [label, make] of [
    ['page /insights (four filters in turn)', (i: number) => paths[i % paths.length]],
    ['JSON /api/insights', () => '/api/insights'],
    ['compare page /insights/compare', () => `/insights/compare?a=${app.info.versions[0]}&b=${app.info.versions[3]}`],
  ] as const) {
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS; i++) samples.push(await timed(base + make(i), app.info.cookie));
    const s = summarise(samples);
    rows.push({ label: `${label} (${kind})`, n: s.n, p50: s.p50, p95: s.p95, p99: s.p99, max: Math.max(...samples) });
  }
  await app.stop();
  await pgdb?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(
  `\nbench:insights — ${BRIEFINGS} briefings × ${REVISIONS} revisions, ${REQUESTS} sequential requests per target, one client, node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}\n`,
);
for (const n of notes) console.log(`- ${n}`);
console.log('\n| target | requests | p50 ms | p95 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.label} | ${r.n} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} |`,
  );
