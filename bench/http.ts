// npm run bench:http — /healthz and an authenticated JSON endpoint (session looked up in the
// database) against a bare Express 5 hello-world measured in the same run, on PGlite and PostgreSQL.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, table, type LoadResult } from './support/load.js';
import { startChild } from './support/child.js';
import { throwawayPostgres } from './support/pgDatabase.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const opts = { durationSeconds: DURATION, connections: CONNECTIONS };

const rows: LoadResult[] = [];
const bare = await startChild<{ port: number }>('bench/support/bareServer.ts', {});
await load('warm-up', `http://127.0.0.1:${bare.info.port}/`, { ...opts, durationSeconds: 2 });
const baseline = await load('bare Express 5 hello-world', `http://127.0.0.1:${bare.info.port}/`, opts);
rows.push(baseline);
await bare.stop();

for (const kind of ['pglite', 'postgres'] as const) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bd-bench-'));
  const pgdb = kind === 'postgres' ? await throwawayPostgres('bd_bench_http') : undefined;
  const env = {
    NODE_ENV: 'production',
    EDITORIAL_SIGNING_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    SESSION_SECRET: 'b'.repeat(48),
    DATA_DIR: dataDir,
    DATABASE_URL: pgdb?.url,
    DATABASE_POOL_SIZE: '20',
  };
  const app = await startChild<{ port: number; cookie: string }>('bench/support/appServer.ts', env);
  const base = `http://127.0.0.1:${app.info.port}`;
  await load('warm-up', `${base}/healthz`, { ...opts, durationSeconds: 2 });
  rows.push(await load(`app /healthz (${kind})`, `${base}/healthz`, opts));
  rows.push(
    await load(`app GET /api/auth/me, session (${kind})`, `${base}/api/auth/me`, {
      ...opts,
      headers: { cookie: app.info.cookie },
    }),
  );
  await app.stop();
  await pgdb?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(
  `\nbench:http — ${CONNECTIONS} connections, ${DURATION} s per target, node ${process.version}, ${os.cpus().length} cores\n`,
);
console.log(table(rows, baseline));
