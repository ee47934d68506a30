import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createRequire } from 'node:module';
import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, startTestApp, type TestApp, actorFor } from '../support/testApp.js';
import { addRevision, exampleDraft, makeSourcedBriefing } from '../support/publishingFactory.js';
import { publishBriefing } from '../../server/commands/publishing/publishBriefing.js';
import { publishCorrection } from '../../server/commands/publishing/publishCorrection.js';
import { runCli } from '../../server/cli/main.js';
import { exportSite } from '../../server/publishing/export/exportSite.js';
import { checkPage, verifyRecordSignature } from '../../server/publishing/record/editorialRecord.js';
import type { Actor } from '../../server/policies/actor.js';
import type { AppDeps } from '../../server/deps.js';
import type { Prisma } from '../../server/generated/prisma/client.js';

const require = createRequire(import.meta.url);
const IPTC_AI = 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia';
const CLI_ENV = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: os.tmpdir() };

function sink() {
  let text = '';
  const stream = new Writable({
    write(c, _e, cb) {
      text += String(c);
      cb();
    },
  });
  return { stream, text: () => text };
}

async function verifyCli(args: string[]): Promise<{ code: number; out: string }> {
  const s = sink();
  const code = await runCli(['record:verify', ...args], CLI_ENV, { out: s.stream, err: s.stream });
  return { code, out: s.text() };
}

/** `npm run cli -- record:verify …` as a separate process, the way an outside reader runs it. */
function verifyInChild(url: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'server/cli/main.ts', 'record:verify', url], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...CLI_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

function listen(handler: http.RequestListener): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    );
  });
}

function jsonLdOf(html: string) {
  return JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)![1]);
}

function madeSectionOf(html: string): string {
  const m = /<section class="made"[\s\S]*?<\/section>/.exec(html);
  if (!m) throw new Error('no "How this briefing was made" section');
  return m[0];
}

describe.each(DB_KINDS)('How this briefing was made, and its signed editorial record (%s)', (kind) => {
  let t: TestApp;
  let deps: AppDeps;
  let editor: Actor;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp(kind, { PUBLIC_URL: 'https://news.example.test' });
    deps = t.booted.deps;
    const u = await makeUser(t, ['editor']);
    editor = actorFor(u);
    dir = mkdtempSync(path.join(os.tmpdir(), 'bd-record-'));
  });
  afterAll(() => t.close());

  test('the article page says where the text came from, who drafted and who signed it; JSON-LD says the same', async () => {
    const b = await makeSourcedBriefing(t.db.prisma, { model: 'gpt-4o-mini', promptVersion: '3f9c2a7b1d0e' });
    const pub = await publishBriefing(deps, editor, { briefingId: b.briefingId, slug: 'made-section' });
    const html = (await request(t.app).get(pub.path).expect(200)).text;
    const section = madeSectionOf(html);
    expect(section).toContain('How this briefing was made');
    for (const s of b.sources) {
      expect(section).toContain(`<a href="${s.url}" rel="nofollow noopener">${s.title}</a>, ${s.publisher}`);
    }
    expect(section).toContain('Drafted by gpt-4o-mini with prompt version 3f9c2a7b1d0e.');
    const signOff = await t.db.prisma.signOff.findUniqueOrThrow({ where: { id: b.signOffId! } });
    expect(section).toContain(
      `Reviewed and signed off by <strong>Tom Sullivan</strong> on <time datetime="${signOff.createdAt.toISOString()}">`,
    );
    expect(section).toMatch(/\d{2}:\d{2} UTC<\/time>, who holds editorial responsibility/);
    expect(section).toContain(`href="/news/made-section/v/1/record.json"`);
    expect(section).not.toContain('Corrections');

    const ld = jsonLdOf(html);
    expect(ld['@type']).toBe('NewsArticle');
    expect(ld.digitalSourceType).toBe(IPTC_AI);
    expect(ld.isBasedOn.map((s: { url: string }) => s.url)).toEqual(b.sources.map((s) => s.url));
    expect(ld.isBasedOn[1]).toMatchObject({ '@type': 'CreativeWork', publisher: { name: 'Reuters' } });
    expect(ld.correction).toBeUndefined();

    // A correction: the section lists it with its note, and so does the JSON-LD.
    await addRevision(
      t.db.prisma,
      b.briefingId,
      exampleDraft({ title: 'Corrected: China issues rare earth licences' }),
    );
    const v2 = await publishCorrection(deps, editor, {
      briefingId: b.briefingId,
      note: 'The licence count was wrong.',
    });
    const html2 = (await request(t.app).get(v2.path).expect(200)).text;
    const section2 = madeSectionOf(html2);
    expect(section2).toMatch(/<h3>Corrections<\/h3>[\s\S]*The licence count was wrong\./);
    expect(section2).toContain(`href="/news/made-section/v/2/record.json"`);
    expect(jsonLdOf(html2).correction).toEqual([
      expect.objectContaining({ '@type': 'CorrectionComment', text: 'The licence count was wrong.' }),
    ]);
  });

  test('record.json verifies with the public key and matches the page; any tampering makes record:verify fail', async () => {
    const b = await makeSourcedBriefing(t.db.prisma);
    const pub = await publishBriefing(deps, editor, { briefingId: b.briefingId, slug: 'signed-record' });
    const page = (await request(t.app).get(pub.path).expect(200)).text;
    const recordRes = await request(t.app).get(`${pub.path}/record.json`).expect(200);
    expect(recordRes.headers['content-type']).toMatch(/application\/json/);
    expect(recordRes.headers['access-control-allow-origin']).toBe('*');
    const record = recordRes.body;
    const keyRes = await request(t.app).get('/.well-known/editorial-key').expect(200);
    const keyPem = keyRes.text || Buffer.from(keyRes.body).toString();
    expect(keyPem).toContain('BEGIN PUBLIC KEY');

    expect(verifyRecordSignature(record, keyPem)).toEqual({ ok: true, keyId: deps.editorialKey.keyId });
    expect(checkPage(record, page)).toMatchObject({ ok: true });
    const revision = await t.db.prisma.revision.findUniqueOrThrow({ where: { id: b.revisionId } });
    const signOff = await t.db.prisma.signOff.findUniqueOrThrow({ where: { id: b.signOffId! } });
    expect(record).toMatchObject({
      publication: { url: 'https://news.example.test/news/signed-record', version: 1 },
      revision: { id: b.revisionId, number: 1, contentHash: revision.contentHash },
      signOff: { reviewer: 'Tom Sullivan', signedAt: signOff.createdAt.toISOString(), id: b.signOffId },
      drafting: [{ model: 'gpt-4o-mini', promptVersion: '3f9c2a7b1d0e', offline: false }],
      corrections: [],
      signature: { algorithm: 'Ed25519', keyId: deps.editorialKey.keyId },
    });
    expect(record.sources.map((s: { url: string; contentHash: string }) => [s.url, s.contentHash])).toEqual(
      b.sources.map((s) => [s.url, s.contentHash]),
    );
    // The versioned record of the live version is the same document.
    expect((await request(t.app).get(`${pub.path}/v/1/record.json`).expect(200)).body).toEqual(record);

    const files = mkdtempSync(path.join(dir, 'verify-'));
    const keyFile = path.join(files, 'key.pem');
    const recordFile = path.join(files, 'record.json');
    const pageFile = path.join(files, 'page.html');
    writeFileSync(keyFile, keyPem);
    writeFileSync(pageFile, page);
    writeFileSync(recordFile, JSON.stringify(record));
    const good = await verifyCli([recordFile, '--key', keyFile, '--page', pageFile]);
    expect(good.out).toMatch(/^OK: signature valid/);
    expect(good.code).toBe(0);

    const tampers: [string, (r: typeof record) => void][] = [
      ['reviewer', (r) => (r.signOff.reviewer = 'Someone Else')],
      ['sign-off time', (r) => (r.signOff.signedAt = new Date(0).toISOString())],
      ['source hash', (r) => (r.sources[1].contentHash = 'f'.repeat(64))],
      ['source url', (r) => (r.sources[0].url = 'https://elsewhere.example/')],
      ['model', (r) => (r.drafting[0].model = 'a-human')],
      ['content hash', (r) => (r.content.hash = 'sha256:' + '0'.repeat(64))],
      ['revision', (r) => (r.revision.number = 2)],
      ['corrections', (r) => r.corrections.push({ version: 1, note: 'x', at: r.publication.publishedAt })],
    ];
    for (const [what, change] of tampers) {
      const copy = structuredClone(record);
      change(copy);
      writeFileSync(recordFile, JSON.stringify(copy));
      const res = await verifyCli([recordFile, '--key', keyFile, '--page', pageFile]);
      expect([what, res.code, res.out]).toEqual([
        what,
        1,
        expect.stringMatching(/^FAILED: the signature does not match/),
      ]);
    }
    writeFileSync(recordFile, JSON.stringify(record));
    writeFileSync(
      pageFile,
      page.replace('<strong class="reviewer">Tom Sullivan', '<strong class="reviewer">Tim Sullivan'),
    );
    const tamperedPage = await verifyCli([recordFile, '--key', keyFile, '--page', pageFile]);
    expect(tamperedPage.code).toBe(1);
    expect(tamperedPage.out).toMatch(
      /^FAILED: signature valid .*, but the page's content hash sha256:[0-9a-f]{64} is not the signed/,
    );
    // Markup outside the article (navigation, scripts, metadata) is not part of the signed text.
    writeFileSync(pageFile, page.replace('</body>', '<footer>mirror footer</footer></body>'));
    expect((await verifyCli([recordFile, '--key', keyFile, '--page', pageFile])).code).toBe(0);
    // Another key does not verify it.
    const other = (await import('node:crypto')).generateKeyPairSync('ed25519').publicKey;
    writeFileSync(keyFile, other.export({ type: 'spki', format: 'pem' }));
    const wrongKey = await verifyCli([recordFile, '--key', keyFile, '--page', pageFile]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.out).toMatch(/signed with key ed25519:[0-9a-f]{16}, the public key given is/);
  });

  test('record:verify, run as its own process, accepts the live page from a 127.0.0.1 server and rejects a tampered mirror', async () => {
    const b = await makeSourcedBriefing(t.db.prisma);
    const pub = await publishBriefing(deps, editor, { briefingId: b.briefingId, slug: 'verified-over-http' });
    const live = await listen(t.app);
    // A mirror that serves the real record and key but changes one word of the article.
    const mirror = await listen((req, res) => {
      void (async () => {
        const upstream = await fetch(live.url + req.url);
        let body = await upstream.text();
        if (req.url === pub.path) body = body.replace('remained about', 'remained roughly');
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
        res.end(body);
      })();
    });
    try {
      const ok = await verifyInChild(`${live.url}${pub.path}`);
      expect(ok.out).toMatch(/^OK: signature valid \(key ed25519:[0-9a-f]{16}\); the page's text matches sha256:/);
      expect(ok.out).toContain('signed off by Tom Sullivan');
      expect(ok.code).toBe(0);
      const viaRecordUrl = await verifyInChild(`${live.url}${pub.path}/record.json`);
      expect(viaRecordUrl.code).toBe(0);
      const bad = await verifyInChild(`${mirror.url}${pub.path}`);
      expect(bad.out).toMatch(/^FAILED: signature valid .*but the page's content hash/);
      expect(bad.code).toBe(1);
    } finally {
      live.server.closeAllConnections();
      mirror.server.closeAllConnections();
      await new Promise((r) => live.server.close(r));
      await new Promise((r) => mirror.server.close(r));
    }
  }, 120_000);

  test('the static export carries the section, each record.json and the key; the exported record verifies', async () => {
    const b = await makeSourcedBriefing(t.db.prisma);
    await publishBriefing(deps, editor, { briefingId: b.briefingId, slug: 'exported-record' });
    const out = path.join(dir, `export-${kind}`);
    await exportSite(
      { db: t.db.prisma, views: deps.views, config: deps.config, origin: 'https://cdn.example.test' },
      out,
      deps.editorialKey,
    );
    const html = readFileSync(path.join(out, 'news/exported-record/index.html'), 'utf8');
    expect(madeSectionOf(html)).toContain('Drafted by gpt-4o-mini');
    for (const rel of ['news/exported-record/record.json', 'news/exported-record/v/1/record.json'])
      expect(JSON.parse(readFileSync(path.join(out, rel), 'utf8')).publication.slug).toBe('exported-record');
    const res = await verifyCli([
      path.join(out, 'news/exported-record/record.json'),
      '--key',
      path.join(out, '.well-known/editorial-key'),
    ]);
    expect(res.out).toMatch(/^OK/);
    expect(res.code).toBe(0);
  });

  test('a publication made before records existed still serves: its record says what is known', async () => {
    const b = await makeSourcedBriefing(t.db.prisma);
    const pub = await publishBriefing(deps, editor, { briefingId: b.briefingId, slug: 'older-publication' });
    const row = await t.db.prisma.publication.findFirstOrThrow({ where: { id: pub.id }, select: { snapshot: true } });
    const { provenance: _p, made: _m, contentHash: _c, ...old } = row.snapshot as Record<string, unknown>;
    await t.db.prisma.publication.update({ where: { id: pub.id }, data: { snapshot: old as Prisma.InputJsonValue } });
    await request(t.app).get('/').expect(200);
    await request(t.app).get('/feed.json').expect(200);
    const record = (await request(t.app).get(`${pub.path}/v/1/record.json`).expect(200)).body;
    expect(record.drafting).toBeNull();
    expect(record.sources).toEqual([
      expect.objectContaining({ role: 'lead', url: b.sources[0].url, contentHash: null }),
    ]);
    expect(verifyRecordSignature(record, deps.editorialKey.publicKeyPem).ok).toBe(true);
    // Its content hash is computed from the stored page, so the page still verifies.
    expect(checkPage(record, (await request(t.app).get(pub.path).expect(200)).text)).toMatchObject({ ok: true });
  });
});
