// npm run bench:workspace — the review workspace (GET /briefings/:id) for a 3,000-word draft over nine
// sources on PostgreSQL: server time p50/p95 of the page, the JavaScript + CSS the page loads (taken
// from its own <script src> and <link rel=stylesheet>, so it follows the page as it changes; gzipped),
// and the round trip of the one-section re-check (POST /api/briefings/:id/grounding/check).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { JSDOM } from 'jsdom';
import { startChild } from './support/child.js';
import { throwawayPostgres } from './support/pgDatabase.js';
import { summarise } from './support/percentiles.js';

/** CPU milliseconds the app has used, its process and children (tsx runs the script in a child): Linux /proc, null elsewhere. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
    // utime + stime, in clock ticks of 1/100 s
    return kids.reduce((n, k) => n + (cpuMs(Number(k)) ?? 0), ((Number(f[11]) + Number(f[12])) * 1000) / 100);
  } catch {
    return null;
  }
}

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const AIMS = { pageP95: 100, assetsKb: 150, checkP95: 50 };

interface Info {
  port: number;
  email: string;
  password: string;
  briefingId: string;
  draftWords: number;
  sourceWords: number[];
  flags: number;
  sections: Record<string, string>;
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bd-bench-workspace-'));
const pgdb = await throwawayPostgres('bd_bench_workspace');
const app = await startChild<Info>('bench/support/workspaceAppServer.ts', {
  NODE_ENV: 'production',
  EDITORIAL_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  SESSION_SECRET: 'w'.repeat(48),
  DATA_DIR: dataDir,
  DATABASE_URL: pgdb.url,
  WORKERS: 'false',
});

try {
  const base = `http://127.0.0.1:${app.info.port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: app.info.email, password: app.info.password }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const pageUrl = `${base}/briefings/${app.info.briefingId}`;

  async function timed(fn: () => Promise<Response>): Promise<number> {
    const t = performance.now();
    const res = await fn();
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${res.url}: ${res.status}`);
    return performance.now() - t;
  }
  const getPage = () => fetch(pageUrl, { headers: { cookie, accept: 'text/html' } });

  // The page: one person loading it again and again (sequential, so this is server time plus loopback).
  const pageFirst = await timed(getPage);
  for (let i = 0; i < 10; i++) await timed(getPage);
  const pageTimes: number[] = [];
  const pid = app.child.pid;
  const cpu0 = cpuMs(pid);
  for (let i = 0; i < REQUESTS; i++) pageTimes.push(await timed(getPage));
  const pageCpu = cpu0 === null ? null : (cpuMs(pid)! - cpu0) / REQUESTS;

  // What the page loads: every script and stylesheet it names, fetched and gzipped.
  const html = await (await getPage()).text();
  const doc = new JSDOM(html).window.document;
  const urls = [
    ...[...doc.querySelectorAll('script[src]')].map((e) => e.getAttribute('src')!),
    ...[...doc.querySelectorAll('link[rel~="stylesheet"][href]')].map((e) => e.getAttribute('href')!),
    ...[...doc.querySelectorAll('link[rel="modulepreload"][href]')].map((e) => e.getAttribute('href')!),
  ];
  const assets: { url: string; raw: number; gzip: number }[] = [];
  for (const u of [...new Set(urls)]) {
    const abs = new URL(u, pageUrl);
    if (abs.origin !== base) throw new Error(`the page loads ${abs.href} from another origin`);
    const res = await fetch(abs, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${abs.href}: ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    assets.push({ url: abs.pathname + abs.search, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  const gzipTotal = assets.reduce((n, a) => n + a.gzip, 0);
  const htmlGzip = gzipSync(Buffer.from(html), { level: 9 }).length;

  // The re-check: the section the reviewer is editing, sent as the editor holds it, one change per call
  // (a different figure each time) so no answer can be served from a cache of whole requests.
  const check = (section: string, text: string) =>
    fetch(`${base}/api/briefings/${app.info.briefingId}/grounding/check`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' },
      body: JSON.stringify({ section, text }),
    });
  const checkRows: {
    section: string;
    words: number;
    first: number;
    s: ReturnType<typeof summarise>;
    cpu: number | null;
  }[] = [];
  for (const section of ['ourTake', 'technicalBrief'] as const) {
    const text = app.info.sections[section];
    const first = await timed(() => check(section, text));
    const times: number[] = [];
    const c0 = cpuMs(pid);
    for (let i = 0; i < REQUESTS; i++)
      times.push(await timed(() => check(section, `${text}\n\nThe bench changed ${i + 17} figures here.`)));
    const cpu = c0 === null ? null : (cpuMs(pid)! - c0) / REQUESTS;
    checkRows.push({ section, words: text.split(/\s+/).filter(Boolean).length, first, s: summarise(times), cpu });
  }

  const page = summarise(pageTimes);
  const mark = (ok: boolean) => (ok ? '✔' : '✘');
  console.log(
    `\nbench:workspace — PostgreSQL, one briefing: ${app.info.draftWords}-word draft, ${app.info.sourceWords.length} sources ` +
      `(${app.info.sourceWords.join('/')} words), ${app.info.flags} grounding flags; ${REQUESTS} sequential requests per row; ` +
      `node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}\n`,
  );
  const cpuCell = (c: number | null) => (c === null ? '' : c.toFixed(1));
  console.log(
    '| target | n | first ms | p50 ms | p95 ms | p99 ms | app CPU ms/req | aim |\n|---|---:|---:|---:|---:|---:|---:|---|',
  );
  console.log(
    `| GET /briefings/:id (HTML ${(html.length / 1024).toFixed(0)} KB, ${(htmlGzip / 1024).toFixed(0)} KB gzipped) | ${page.n} | ${pageFirst.toFixed(1)} | ${page.p50.toFixed(1)} | ${page.p95.toFixed(1)} | ${page.p99.toFixed(1)} | ${cpuCell(pageCpu)} | p95 ≤ ${AIMS.pageP95} ${mark(page.p95 <= AIMS.pageP95)} |`,
  );
  for (const r of checkRows)
    console.log(
      `| POST …/grounding/check, ${r.section} (${r.words} words) | ${r.s.n} | ${r.first.toFixed(1)} | ${r.s.p50.toFixed(1)} | ${r.s.p95.toFixed(1)} | ${r.s.p99.toFixed(1)} | ${cpuCell(r.cpu)} | p95 ≤ ${AIMS.checkP95} ${mark(r.s.p95 <= AIMS.checkP95)} |`,
    );
  console.log('\n| asset the page loads | bytes | gzipped |\n|---|---:|---:|');
  for (const a of assets) console.log(`| ${a.url} | ${a.raw} | ${a.gzip} |`);
  console.log(
    `| **JS + CSS total** | ${assets.reduce((n, a) => n + a.raw, 0)} | **${(gzipTotal / 1024).toFixed(1)} KB** (aim ≤ ${AIMS.assetsKb} KB ${mark(gzipTotal / 1024 <= AIMS.assetsKb)}) |`,
  );
} finally {
  await app.stop();
  await pgdb.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
