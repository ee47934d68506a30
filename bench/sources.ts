// npm run bench:sources — bulk import throughput and collation / keyword-statistics latency
// at 10k and 100k sources, on PGlite and on PostgreSQL (throwaway database on 127.0.0.1:5432).
// Vocabulary: sentences resampled from the real senate press releases (public domain).
// Every source goes through the real import path (importSources → prepareSource → upsertSources).
// BENCH_SIZES=10000,100000  BENCH_PGLITE_MAX=10000 (PGlite stops at 10k: single-threaded WASM, the
// 100k load alone would take longer than the whole PostgreSQL run)  BENCH_QUERIES=40  BENCH_CHUNK=5000
// After each load: VACUUM ANALYZE, as autovacuum would do after a bulk load (sets statistics and
// flushes the GIN pending lists the queries would otherwise scan).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, type Database } from '../server/db/connect.js';
import { applyMigrations } from '../server/db/migrate.js';
import { importSources } from '../server/commands/sources/importSources.js';
import { collateForLead } from '../server/sources/collation/collateForLead.js';
import { keywordStats } from '../server/sources/search/keywordStats.js';
import { throwawayPostgres } from './support/pgDatabase.js';
import { summarise } from './support/percentiles.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const PGLITE_MAX = Number(process.env.BENCH_PGLITE_MAX ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 40);
const CHUNK = Number(process.env.BENCH_CHUNK ?? 5_000);
/** Which databases to run: pglite, postgres or both (default). */
const KINDS = (process.env.BENCH_DB ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
/** An existing PostgreSQL database to load and keep (for EXPLAIN sessions) instead of a throwaway one. */
const KEEP_URL = process.env.BENCH_KEEP_POSTGRES_URL;

// Deterministic PRNG so both databases get the same corpus.
let seed = 0x2545f491;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x100000000;
};
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];

const SHARED = '/work/shared/data/news/senate-press-releases.jsonl';
const corpusFile = existsSync(SHARED) ? SHARED : 'server/seed/data/press-releases.jsonl';
const releases = readFileSync(corpusFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { title: string; body: string; publisher: string });
const sentences = releases.flatMap((r) => r.body.split(/(?<=[.!?])\s+/).filter((s) => s.length > 40 && s.length < 400));
const vocabulary = [
  ...new Set(releases.flatMap((r) => r.body.split(/\s+/)).filter((w) => /^[A-Za-z][a-z]{2,}$/.test(w))),
];
const titles = releases.map((r) => r.title);
// Real articles rarely repeat whole sentences; swapping ~1 word in 5 keeps the
// vocabulary and style but stops unrelated texts from sharing long runs of words.
const vary = (sentence: string) =>
  sentence
    .split(' ')
    .map((w) => (rand() < 0.2 ? pick(vocabulary) : w))
    .join(' ');
const publishers = [...new Set(releases.map((r) => r.publisher))];

function makeLines(from: number, to: number): string {
  const out: string[] = [];
  let prevBody = '';
  for (let i = from; i < to; i++) {
    let body: string;
    if (prevBody && rand() < 0.02) {
      // Syndicated copy: same text, one sentence swapped, under another id.
      const parts = prevBody.split(/(?<=[.!?])\s+/);
      parts[Math.floor(rand() * parts.length)] = pick(sentences);
      body = parts.join(' ');
    } else {
      const n = 6 + Math.floor(rand() * 18);
      body = Array.from({ length: n }, () => vary(pick(sentences))).join(rand() < 0.3 ? '\n\n' : ' ');
    }
    prevBody = body;
    const day = new Date(Date.UTC(2004, 0, 1) + Math.floor(rand() * 5 * 365) * 86_400_000).toISOString().slice(0, 10);
    out.push(
      JSON.stringify({
        id: `bench-${i}`,
        title: `${pick(titles).slice(0, 90)} (${i})`,
        body,
        publisher: pick(publishers),
        published_at: day,
      }),
    );
  }
  return out.join('\n');
}

async function timeIt<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

interface Row {
  kind: string;
  size: number;
  importPerSec: number;
  importSeconds: number;
  collationP50: number;
  collationP95: number;
  statsP50: number;
  statsP95: number;
}

async function measureQueries(
  db: Database,
  size: number,
): Promise<Pick<Row, 'collationP50' | 'collationP95' | 'statsP50' | 'statsP95'>> {
  const leads = await db.prisma.$queryRawUnsafe<{ id: string; keywords: string[] }[]>(
    `SELECT id, keywords FROM "Source" WHERE "duplicateOfId" IS NULL ORDER BY md5(id::text || '${size}') LIMIT ${QUERIES}`,
  );
  await collateForLead(db.prisma, leads[0].id); // warm-up
  const coll: number[] = [];
  for (const l of leads)
    coll.push((await timeIt(() => collateForLead(db.prisma, l.id, { k: 8, tokenBudget: 6000 })))[1]);
  const terms = leads.map((l, i) => l.keywords[i % Math.max(1, l.keywords.length)]).filter(Boolean);
  const stats: number[] = [];
  for (const term of terms) stats.push((await timeIt(() => keywordStats(db.prisma, term, { limit: 50 })))[1]);
  const c = summarise(coll);
  const s = summarise(stats);
  return { collationP50: c.p50, collationP95: c.p95, statsP50: s.p50, statsP95: s.p95 };
}

async function runKind(kind: 'pglite' | 'postgres'): Promise<Row[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bd-bench-sources-'));
  const pg =
    kind !== 'postgres'
      ? undefined
      : KEEP_URL
        ? { url: KEEP_URL, drop: () => Promise.resolve() }
        : await throwawayPostgres('bd_bench_sources');
  const db = await connectDatabase(
    pg ? { kind: 'postgres', url: pg.url, poolSize: 10 } : { kind: 'pglite', dataDir: dir },
  );
  const rows: Row[] = [];
  try {
    await applyMigrations(db.prisma, db.adapterFactory);
    // A kept database may already hold the first sources of this (deterministic) corpus.
    let have = KEEP_URL && kind === 'postgres' ? await db.prisma.source.count() : 0;
    for (let i = 0; i < have; i += CHUNK) makeLines(i, Math.min(have, i + CHUNK)); // advance the PRNG past them
    let importMs = 0;
    for (const size of SIZES) {
      if (kind === 'pglite' && size > PGLITE_MAX) {
        console.log(`pglite: skipping ${size} (BENCH_PGLITE_MAX=${PGLITE_MAX})`);
        continue;
      }
      const t0 = performance.now();
      for (let from = have; from < size; from += CHUNK) {
        const to = Math.min(size, from + CHUNK);
        const r = await importSources(db.prisma, null, {
          content: makeLines(from, to),
          filename: `bench-${from}.jsonl`,
          format: 'jsonl',
        });
        if (r.errors.length) throw new Error(`bench import errors: ${JSON.stringify(r.errors.slice(0, 3))}`);
        process.stdout.write(`\r${kind}: imported ${to}/${size}   `);
      }
      const ms = performance.now() - t0;
      importMs += ms;
      const added = size - have;
      have = size;
      await db.prisma.$executeRawUnsafe('VACUUM ANALYZE "Source"');
      process.stdout.write(`\n${kind}: measuring queries at ${size}\n`);
      rows.push({
        kind,
        size,
        importPerSec: added / (ms / 1000),
        importSeconds: importMs / 1000,
        ...(await measureQueries(db, size)),
      });
      console.log(JSON.stringify(rows.at(-1)));
    }
  } finally {
    await db.close();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

const f = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const all: Row[] = [];
for (const kind of KINDS) all.push(...(await runKind(kind)));

const lines = [
  `| database | sources | import (sources/s, this step) | collation p50 / p95 (ms) | keyword stats p50 / p95 (ms) |`,
  `|---|---:|---:|---:|---:|`,
  ...all.map(
    (r) =>
      `| ${r.kind} | ${r.size.toLocaleString('en')} | ${f(r.importPerSec)} | ${f(r.collationP50)} / ${f(r.collationP95)} | ${f(r.statsP50)} / ${f(r.statsP95)} |`,
  ),
];
const growth: string[] = [];
for (const kind of ['pglite', 'postgres']) {
  const rs = all.filter((r) => r.kind === kind);
  if (rs.length >= 2) {
    const [a, b] = [rs[0], rs[rs.length - 1]];
    growth.push(
      `- ${kind} ${a.size.toLocaleString('en')} → ${b.size.toLocaleString('en')}: collation p95 ×${(b.collationP95 / a.collationP95).toFixed(2)}, keyword stats p95 ×${(b.statsP95 / a.statsP95).toFixed(2)}, import rate ×${(b.importPerSec / a.importPerSec).toFixed(2)}`,
    );
  }
}
const report = `${lines.join('\n')}\n\n${growth.join('\n')}\n\nnode ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${QUERIES} queries per measurement, collation k=8, tokenBudget=6000.`;
console.log('\n' + report);
