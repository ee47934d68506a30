// The app in its own process for bench:insights: boots on the database from the environment and seeds
// BENCH_BRIEFINGS briefings spread over a year, each with BENCH_REVISIONS revisions (an AI draft and
// reviewers' edits of ~300 words, real grounding reports), their generations (some regenerations),
// acknowledgements, sign-offs, publications and audit events, as the workflow leaves them. Reports its
// port and a signed-in editor's cookie.
import { randomUUID } from 'node:crypto';
import { boot } from '../../server/boot.js';
import { loadConfig } from '../../server/env.js';
import { createLogger } from '../../server/logging/logger.js';
import { createUser } from '../../server/commands/users/createUser.js';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.js';
import { contentHash, groundingSections, type RevisionContent } from '../../server/review/content.js';
import { checkGrounding } from '../../server/grounding/index.js';
import { createRng } from '../grounding/prng.js';

const BRIEFINGS = Number(process.env.BENCH_BRIEFINGS ?? 10_000);
const REVISIONS = Number(process.env.BENCH_REVISIONS ?? 3);
const VERSIONS = ['a1b2c3d4e5f6', '0f1e2d3c4b5a', '9a8b7c6d5e4f', '5e5e5e5e5e5e'];
const MODELS = ['gpt-4o-mini', 'gpt-4.1'];

const config = loadConfig({ ...process.env, SEED_DEMO: 'false', LOG_LEVEL: 'silent' });
const booted = await boot(config, { logger: createLogger('silent'), skipFirstRun: true });
const prisma = booted.deps.db.prisma;
const rng = createRng(13);
const rand = () => rng.next();
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

// A database already seeded by an earlier run (BENCH_DATABASE_URL) is reused as it is.
const reuse = (await prisma.briefing.count()) >= BRIEFINGS;
const existing = reuse
  ? await prisma.user.findFirst({ where: { email: { startsWith: 'bench-editor-' } }, select: { id: true } })
  : null;
const editor =
  existing ??
  (await createUser(prisma, null, {
    email: `bench-editor-${Date.now()}@example.test`,
    displayName: 'Bench Editor',
    roles: ['editor'],
    password: 'bench-password-123',
  }));
const reviewers: { id: string; name: string }[] = [];
for (let i = 0; i < 8; i++) {
  const u = await prisma.user.create({
    data: { email: `bench-rev-${i}-${Date.now()}@example.test`, displayName: `Reviewer ${i}`, roles: ['reviewer'] },
    select: { id: true, displayName: true },
  });
  reviewers.push({ id: u.id, name: u.displayName });
}

const SOURCE =
  'China has issued the first batch of one-year general rare earth export licences to magnet producers JL Mag Rare Earth and Ningbo Yunsheng. Shipments remained about 20% down year-on-year in October. European manufacturers report shorter delays but still flag opaque criteria. The ministry said 12 companies applied and that reviews take 45 working days. Prices for neodymium oxide rose 4% in the week to 14 November, according to Shanghai Metals Market. Analysts at Benchmark expect licences to cover about 60% of 2025 export volumes.';
const VOCAB = SOURCE.replace(/[.,%]/g, '').split(/\s+/);
const sentence = (n: number) => {
  const w = Array.from({ length: n }, () => pick(VOCAB));
  return `${w.join(' ')}.`;
};
function content(seed: number): RevisionContent {
  void seed;
  return {
    title: sentence(9).slice(0, -1),
    slug: '',
    thirtySecondBriefing: Array.from({ length: 4 }, () => sentence(18)).join(' '),
    technicalBrief: Array.from({ length: 5 }, () => ({ text: sentence(16), sourceIds: [] })),
    ourTake: Array.from({ length: 3 }, () => `${sentence(20)} Regulators granted ${Math.floor(rand() * 90)} licences.`),
    keywords: ['rare earths', 'licences'],
    industries: [],
    products: [],
    claims: [],
  };
}
/** A reviewer's pass: some sentences rewritten, one dropped. */
function edit(c: RevisionContent): RevisionContent {
  const tweak = (s: string) => (rand() < 0.35 ? sentence(s.split(' ').length) : s);
  return {
    ...c,
    thirtySecondBriefing: c.thirtySecondBriefing
      .split('. ')
      .map(tweak)
      .slice(0, rand() < 0.5 ? 3 : 4)
      .join('. '),
    technicalBrief: c.technicalBrief.slice(0, 4).map((b) => ({ ...b, text: tweak(b.text) })),
    ourTake: c.ourTake.map(tweak),
  };
}
const sourceId = randomUUID();
await prisma.source.create({
  data: {
    id: sourceId,
    canonicalUrl: `https://bench.example/insights-${sourceId}`,
    url: 'https://bench.example/insights',
    publisher: 'MINING.com',
    title: 'Bench source',
    fetchedAt: new Date(),
    text: SOURCE,
    contentHash: 'bench-insights',
    origin: 'api',
  },
});
const ground = (c: RevisionContent) =>
  checkGrounding({ sections: groundingSections(c), claims: [], sources: [{ id: sourceId, text: SOURCE }] });

// Texts and their grounding reports come from a pool of revision chains (grounding is most of the seeding time).
const POOL = 200;
const chains = Array.from({ length: POOL }, (_, i) => {
  let c = content(i);
  const out = [{ c, g: ground(c) }];
  for (let r = 1; r < REVISIONS; r++) {
    c = edit(c);
    out.push({ c, g: ground(c) });
  }
  return out;
});

const DAY = 86_400_000;
const yearAgo = Date.now() - 365 * DAY;
const BATCH = 250;
for (let start = 0; !reuse && start < BRIEFINGS; start += BATCH) {
  const briefings = [];
  const generations = [];
  const revisions = [];
  const acks = [];
  const signOffs = [];
  const publications = [];
  const audits = [];
  for (let i = start; i < Math.min(BRIEFINGS, start + BATCH); i++) {
    const id = randomUUID();
    const t0 = yearAgo + (i / BRIEFINGS) * 360 * DAY;
    const version = VERSIONS[Math.min(VERSIONS.length - 1, Math.floor((i / BRIEFINGS) * VERSIONS.length))];
    const model = pick(MODELS);
    const reviewer = pick(reviewers);
    const signed = rand() < 0.8;
    const published = signed && rand() < 0.8;
    const revIds = Array.from({ length: REVISIONS }, () => randomUUID());
    const genId = randomUUID();
    generations.push({
      id: genId,
      briefingId: id,
      kind: 'draft' as const,
      status: 'succeeded' as const,
      model,
      templateVersion: version,
      promptTokens: 6000 + Math.floor(rand() * 3000),
      completionTokens: 700 + Math.floor(rand() * 400),
      costUsd: 0.002 + rand() * 0.003,
      createdAt: new Date(t0),
      finishedAt: new Date(t0 + 40_000),
    });
    if (rand() < 0.2)
      generations.push({
        id: randomUUID(),
        briefingId: id,
        kind: 'regenerate_section' as const,
        status: 'succeeded' as const,
        model,
        templateVersion: version,
        promptTokens: 7000,
        completionTokens: 300,
        costUsd: 0.0015,
        createdAt: new Date(t0 + 3_600_000),
        finishedAt: new Date(t0 + 3_640_000),
      });
    const chain = chains[i % POOL];
    const c = chain[REVISIONS - 1].c;
    const lastGrounding = chain[REVISIONS - 1].g;
    for (let r = 0; r < REVISIONS; r++) {
      revisions.push({
        id: revIds[r],
        briefingId: id,
        number: r + 1,
        content: chain[r].c as object,
        contentHash: contentHash(chain[r].c),
        authorId: r === 0 ? null : reviewer.id,
        generationId: r === 0 ? genId : null,
        grounding: chain[r].g as object,
        createdAt: new Date(t0 + 40_000 + r * 2 * 3_600_000),
      });
    }
    const signedAt = t0 + (4 + rand() * 30) * 3_600_000;
    if (signed) {
      for (const f of lastGrounding.flags)
        acks.push({
          briefingId: id,
          flagId: f.id,
          userId: reviewer.id,
          resolution: 'acknowledged',
          createdAt: new Date(signedAt - 60_000),
        });
      const signOffId = randomUUID();
      signOffs.push({
        id: signOffId,
        briefingId: id,
        revisionId: revIds[REVISIONS - 1],
        contentHash: 'h',
        reviewerId: reviewer.id,
        reviewerName: reviewer.name,
        statement: 'Checked.',
        createdAt: new Date(signedAt),
      });
      if (published) {
        const at = new Date(signedAt + (0.5 + rand() * 8) * 3_600_000);
        publications.push({
          briefingId: id,
          version: 1,
          revisionId: revIds[REVISIONS - 1],
          signOffId,
          slug: `bench-${id}`,
          title: c.title,
          snapshot: {},
          html: '<p>bench</p>',
          etag: 'e',
          publishedAt: at,
          firstPublishedAt: at,
          publishedById: editor.id,
        });
      }
    }
    briefings.push({
      id,
      title: c.title,
      leadSourceId: sourceId,
      createdById: editor.id,
      assigneeId: reviewer.id,
      state: published ? ('published' as const) : signed ? ('approved' as const) : ('in_review' as const),
      createdAt: new Date(t0),
    });
    for (const action of [
      'briefing.started',
      'generation.requested',
      'generation.succeeded',
      'briefing.revision_saved',
      'briefing.signed_off',
      'briefing.published',
    ])
      audits.push({
        actorLabel: 'bench',
        action,
        entityType: 'briefing',
        entityId: id,
        data: {},
        prevHash: 'x',
        hash: randomUUID(),
        at: new Date(t0),
      });
  }
  await prisma.briefing.createMany({ data: briefings });
  await prisma.generation.createMany({ data: generations });
  await prisma.revision.createMany({ data: revisions });
  await prisma.groundingAck.createMany({ data: acks });
  await prisma.signOff.createMany({ data: signOffs });
  await prisma.publication.createMany({ data: publications });
  await prisma.auditEvent.createMany({ data: audits });
}
await prisma.$executeRawUnsafe(
  `UPDATE "Briefing" b SET "currentRevisionId" = r.id FROM "Revision" r WHERE r."briefingId" = b.id AND r.number = ${REVISIONS}`,
);
await prisma.$executeRawUnsafe('ANALYZE');

const cookie = `${SESSION_COOKIE}=${(await createSession(prisma, editor.id, config.session, { ip: '127.0.0.1' })).token}`;
const server = booted.app.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(
    JSON.stringify({ port: typeof a === 'object' && a ? a.port : 0, cookie, versions: VERSIONS, models: MODELS }) +
      '\n',
  );
});
process.on('SIGTERM', () => {
  server.close();
  void booted.stop().then(() => process.exit(0));
});
