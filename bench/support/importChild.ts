// Child of bench/importMemory.ts: imports one file through the API's path (importUpload: the body is
// spooled to disk, then streamed into one transaction) and prints its figures as one JSON line.
// Its own process, so its peak RSS is the import's and nothing else's.
import { createReadStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { connectDatabase } from '../../server/db/connect.js';
import { applyMigrations } from '../../server/db/migrate.js';
import { importUpload } from '../../server/commands/sources/importUpload.js';

// `migrate <target>` prepares the database in a process of its own: the schema engine (WASM) it
// loads would otherwise count in the import's RSS.
const [mode, target, file, spoolDir] = process.argv.slice(2);
const db = await connectDatabase(
  target.startsWith('postgres')
    ? { kind: 'postgres', url: target, poolSize: 4 }
    : (mkdirSync(target, { recursive: true }), { kind: 'pglite', dataDir: target }),
);
if (mode === 'migrate') {
  await applyMigrations(db.prisma, db.adapterFactory);
  await db.close();
  process.stdout.write('{}\n');
  process.exit(0);
}
const rssBefore = process.resourceUsage().maxRSS;
// Sampled as it runs too: maxRSS is the peak, the samples show where it is reached.
let sampledPeak = 0;
const peaks = { heapUsed: 0, external: 0, arrayBuffers: 0 };
const sampler = setInterval(() => {
  if (process.env.BENCH_TRACE === 'gc') (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  sampledPeak = Math.max(sampledPeak, m.rss);
  peaks.heapUsed = Math.max(peaks.heapUsed, m.heapUsed / 1024 / 1024);
  peaks.external = Math.max(peaks.external, m.external / 1024 / 1024);
  peaks.arrayBuffers = Math.max(peaks.arrayBuffers, m.arrayBuffers / 1024 / 1024);
  if (process.env.BENCH_TRACE)
    process.stderr.write(
      `${JSON.stringify({ rss: m.rss >> 20, heapTotal: m.heapTotal >> 20, heap: m.heapUsed >> 20, ext: m.external >> 20, ab: m.arrayBuffers >> 20 })}\n`,
    );
}, 1000);
const started = performance.now();
const r = await importUpload(db.prisma, null, {
  body: createReadStream(file),
  filename: path.basename(file),
  format: 'jsonl',
  spoolDir,
});
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const count = await db.prisma.source.count();
await db.close();
process.stdout.write(
  JSON.stringify({
    status: r.status,
    records: r.total,
    added: r.added,
    errors: r.errors.length,
    stored: count,
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rssBeforeMb: rssBefore / 1024,
    sampledPeakMb: sampledPeak / 1024 / 1024,
    peaks,
  }) + '\n',
);
