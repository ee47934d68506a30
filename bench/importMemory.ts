// npm run bench:import — peak memory (RSS) and throughput of one large JSON Lines import, through
// the API's path (spooled to disk, streamed, one transaction), in a child process of its own.
// BENCH_IMPORT_MB=200 (file size)  BENCH_DB=postgres,pglite  BENCH_POSTGRES_URL=postgres://…/test
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { throwawayPostgres } from './support/pgDatabase.js';

const require = createRequire(import.meta.url);
const MB = Number(process.env.BENCH_IMPORT_MB ?? 200);
const KINDS = (process.env.BENCH_DB ?? 'postgres,pglite').split(',') as ('pglite' | 'postgres')[];

/** Unrelated ~330-word articles (≈2.3 KB a line) from a 6,000-word vocabulary: no near-duplicates. */
async function writeFile(file: string, bytes: number): Promise<number> {
  let seed = 0x9e3779b9;
  const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const syll = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'si', 'de', 'po', 'an', 'er', 'ul', 'ix'];
  const vocab = Array.from({ length: 6000 }, (_, i) => {
    let w = '';
    for (let n = i, k = 0; k < 2 + (i % 3); k++, n = Math.floor(n / syll.length) + k * 7) w += syll[n % syll.length];
    return `${w}${i % 50}`;
  });
  const out = createWriteStream(file);
  let written = 0;
  let n = 0;
  for (;;) {
    const words = Array.from({ length: 330 }, () => vocab[Math.floor(rand() * vocab.length)]);
    for (let s = 12; s < words.length; s += 14) words[s] += '.';
    const line =
      JSON.stringify({
        id: `bench-${n}`,
        title: `Bench article ${n}: ${words.slice(0, 6).join(' ')}`,
        publisher: `Bench Wire ${n % 40}`,
        url: `https://bench.example/news/${n}`,
        published_at: '2025-03-01',
        author: 'Bench Writer',
        body: words.join(' ') + '.',
      }) + '\n';
    // Just under the limit: the import refuses a file one byte over it.
    if (written + Buffer.byteLength(line) > bytes) break;
    if (!out.write(line)) await once(out, 'drain');
    written += Buffer.byteLength(line);
    n++;
  }
  out.end();
  await once(out, 'finish');
  return n;
}

function runChild(args: string[]): Promise<Record<string, number | string>> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'bench/support/importChild.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code === 0 && line) resolve(JSON.parse(line) as Record<string, number | string>);
      else reject(new Error(`import child exited ${code}:\n${out}`));
    }),
  );
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'bd-bench-import-'));
try {
  const file = path.join(dir, 'import.jsonl');
  const records = await writeFile(file, MB * 1024 * 1024);
  const size = statSync(file).size / 1024 / 1024;
  console.log(`file: ${size.toFixed(1)} MB, ${records} records`);
  console.log('| database | file MB | records | status | seconds | records/s | MB/s | peak RSS MB |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const kind of KINDS) {
    const pg = kind === 'postgres' ? await throwawayPostgres('bd_bench_import') : null;
    try {
      const target = pg ? pg.url : path.join(dir, 'pglite');
      await runChild(['migrate', target]);
      const r = await runChild(['import', target, file, path.join(dir, 'spool')]);
      if (process.env.BENCH_TRACE) console.log(JSON.stringify(r));
      const seconds = Number(r.seconds);
      console.log(
        `| ${kind} | ${size.toFixed(0)} | ${r.records} | ${r.status} (${r.stored} stored) | ${seconds.toFixed(0)} | ${(Number(r.records) / seconds).toFixed(0)} | ${(size / seconds).toFixed(2)} | ${Number(r.maxRssMb).toFixed(0)} (${Number(r.rssBeforeMb).toFixed(0)} before the import) |`,
      );
    } finally {
      await pg?.drop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
