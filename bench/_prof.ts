import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
function startChild<T>(entry: string, env: Record<string, string | undefined>): Promise<{ info: T; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', process.env.OUT!, '--import', 'tsx', entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    let buf = '';
    child.stdout!.on('data', (c) => {
      buf += c;
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ info: JSON.parse(line) as T, stop: () => new Promise((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) });
    });
  });
}
import { throwawayPostgres } from './support/pgDatabase.js';
const pgdb = await throwawayPostgres('bd_prof_review');
const app = await startChild<{ port: number; cookies: string[]; briefingIds: string[] }>('bench/support/reviewAppServer.ts', {
  NODE_ENV: 'production', SESSION_SECRET: 'r'.repeat(48), DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'bdp-')), DATABASE_URL: pgdb.url, DATABASE_POOL_SIZE: '20', WORKERS: 'false',
  BENCH_BRIEFINGS: '10000', BENCH_REVISIONS: '3', BENCH_CLIENTS: '50',
});
const tabs = ['awaiting', 'assigned', 'approved', 'published', 'all'];
let n = 0;
const target = process.env.TARGET ?? 'queue';
const res = await new Promise<autocannon.Result>((resolve, reject) => {
  autocannon({ url: `http://127.0.0.1:${app.info.port}`, connections: 20, duration: 8,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: target === 'queue' ? `/briefings?tab=${tabs[Math.floor(Math.random() * 5)]}` : `/briefings/${app.info.briefingIds[Math.floor(Math.random() * app.info.briefingIds.length)]}` }) }],
    setupClient: (c) => c.setHeaders({ cookie: app.info.cookies[n++ % 50], accept: 'text/html' }) }, (e, r) => (e ? reject(e) : resolve(r)));
});
console.log('rps', res.requests.average, 'p50', res.latency.p50, 'non2xx', res.non2xx);
await app.stop();
await pgdb.drop();
