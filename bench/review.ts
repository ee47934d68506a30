// npm run bench:review — p95 server latency of the review queue page and the draft page with
// 10k briefings (several revisions each) and 50 concurrent signed-in clients, on PGlite and PostgreSQL.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { asError } from '../server/util/errors.js';
import { startChild } from './support/child.js';
import { throwawayPostgres } from './support/pgDatabase.js';
import { summarise } from './support/percentiles.js';
import { thinkTimeLoad } from './support/thinkTimeClients.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const BRIEFINGS = Number(process.env.BENCH_BRIEFINGS ?? 10_000);
const REVISIONS = Number(process.env.BENCH_REVISIONS ?? 3);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
const KINDS = (process.env.BENCH_DB ?? 'postgres,pglite').split(',') as ('postgres' | 'pglite')[];

interface Row {
  label: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Each of the CLIENTS connections is its own signed-in person; paths may vary per request. */
async function run(
  label: string,
  base: string,
  cookies: string[],
  pathFor: () => string,
  seconds = DURATION,
): Promise<Row> {
  const latencies: number[] = [];
  let n = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon(
      {
        url: base,
        connections: CLIENTS,
        duration: seconds,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pathFor() }) }],
        setupClient: (client) => client.setHeaders({ cookie: cookies[n++ % cookies.length], accept: 'text/html' }),
      },
      (err, res) => (err ? reject(asError(err)) : resolve(res)),
    );
    inst.on('response', (_c, _s, _b, t) => latencies.push(t));
  });
  const s = summarise(latencies);
  return {
    label,
    rps: result.requests.average,
    p50: s.p50,
    p95: s.p95,
    p99: s.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

const rows: Row[] = [];
for (const kind of KINDS) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bd-bench-review-'));
  const pgdb = kind === 'postgres' ? await throwawayPostgres('bd_bench_review') : undefined;
  const t0 = Date.now();
  const app = await startChild<{ port: number; cookies: string[]; briefingIds: string[] }>(
    'bench/support/reviewAppServer.ts',
    {
      NODE_ENV: 'production',
      EDITORIAL_SIGNING_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      SESSION_SECRET: 'r'.repeat(48),
      DATA_DIR: dataDir,
      DATABASE_URL: pgdb?.url,
      DATABASE_POOL_SIZE: '20',
      WORKERS: 'false',
      BENCH_BRIEFINGS: String(BRIEFINGS),
      BENCH_REVISIONS: String(REVISIONS),
      BENCH_CLIENTS: String(CLIENTS),
    },
  );
  console.error(
    `${kind}: seeded ${BRIEFINGS} briefings × ${REVISIONS} revisions in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  const base = `http://127.0.0.1:${app.info.port}`;
  const ids = app.info.briefingIds;
  const tabs = ['awaiting', 'assigned', 'approved', 'published', 'all'];
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  await run('warm-up', base, app.info.cookies, () => `/briefings/${pick(ids)}`, 3);
  for (const [page, pathFor] of [
    ['queue page /briefings?tab=…', () => `/briefings?tab=${pick(tabs)}`],
    ['draft page /briefings/:id', () => `/briefings/${pick(ids)}`],
  ] as const) {
    const people = await thinkTimeLoad({
      base,
      cookies: app.info.cookies,
      clients: CLIENTS,
      seconds: DURATION * 2,
      meanThinkMs: THINK_MS,
      pathFor,
    });
    rows.push({
      label: `${page}, ${CLIENTS} people, ${THINK_MS} ms mean think time (${kind})`,
      rps: people.rps,
      p50: people.p50,
      p95: people.p95,
      p99: people.p99,
      errors: people.errors,
      non2xx: 0,
    });
    rows.push(
      await run(`${page}, ${CLIENTS} connections closed loop = saturation (${kind})`, base, app.info.cookies, pathFor),
    );
  }
  await app.stop();
  await pgdb?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(
  `\nbench:review — ${BRIEFINGS} briefings × ${REVISIONS} revisions, ${CLIENTS} signed-in clients, ${DURATION} s per target, node ${process.version}, ${os.cpus().length} cores\n`,
);
console.log('| target | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx |\n|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.label} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} | ${r.non2xx} |`,
  );
