// The app in its own process for bench:review: boots on the database from the environment, seeds
// BENCH_BRIEFINGS briefings (several revisions each, with grounding reports), signs in BENCH_CLIENTS
// people and reports its port, their cookies and some briefing ids.
import { randomUUID } from 'node:crypto';
import { boot } from '../../server/boot.js';
import { loadConfig } from '../../server/env.js';
import { createLogger } from '../../server/logging/logger.js';
import { createUser } from '../../server/commands/users/createUser.js';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.js';
import { contentHash, type RevisionContent } from '../../server/review/content.js';
import { BRIEFING_STATES } from '../../server/review/workflow.js';
import { checkGrounding } from '../../server/grounding/index.js';
import { groundingSections } from '../../server/review/content.js';

const BRIEFINGS = Number(process.env.BENCH_BRIEFINGS ?? 10_000);
const REVISIONS = Number(process.env.BENCH_REVISIONS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const SOURCES = Math.min(1000, BRIEFINGS);

const config = loadConfig({ ...process.env, SEED_DEMO: 'false', LOG_LEVEL: 'silent' });
const booted = await boot(config, {
  logger: process.env.BENCH_LOG === '1' ? createLogger('error', process.stderr) : createLogger('silent'),
  skipFirstRun: true,
});
const prisma = booted.deps.db.prisma;

const SOURCE_TEXT =
  'China has issued the first batch of one-year general rare earth export licences to magnet producers JL Mag Rare Earth and Ningbo Yunsheng. Shipments remained about 20% down year-on-year.\n\nEuropean manufacturers report shorter delays but still flag opaque criteria. '.repeat(
    4,
  );

// One hash-less password hash for every bench person: scrypt once, not fifty times.
const people = [];
const first = await createUser(prisma, null, {
  email: `bench-0-${Date.now()}@example.test`,
  displayName: 'Bench Reviewer 0',
  roles: ['editor', 'reviewer'],
  password: 'bench-password-123',
});
people.push(first.id);
const hash = (await prisma.user.findUniqueOrThrow({ where: { id: first.id }, select: { passwordHash: true } }))
  .passwordHash;
for (let i = 1; i < CLIENTS; i++) {
  const u = await prisma.user.create({
    data: {
      email: `bench-${i}-${Date.now()}@example.test`,
      displayName: `Bench Reviewer ${i}`,
      roles: ['editor', 'reviewer'],
      passwordHash: hash,
    },
    select: { id: true },
  });
  people.push(u.id);
}

const sourceIds = Array.from({ length: SOURCES }, () => randomUUID());
await prisma.source.createMany({
  data: sourceIds.map((id, i) => ({
    id,
    canonicalUrl: `https://bench.example/${i}`,
    url: `https://bench.example/${i}`,
    publisher: 'MINING.com',
    title: `Bench source ${i}: rare earth licences`,
    fetchedAt: new Date(),
    text: SOURCE_TEXT,
    contentHash: `bench-${i}`,
    origin: 'api' as const,
  })),
});

function content(i: number, r: number, sourceId: string): RevisionContent {
  return {
    title: `Briefing ${i}: rare earth licences ease supply risk (rev ${r})`,
    slug: `briefing-${i}`,
    thirtySecondBriefing:
      'China has issued the first batch of general rare earth export licences to JL Mag Rare Earth. Shipments remained about 20% down year-on-year.',
    technicalBrief: [
      { text: 'Licences run for one year.', sourceIds: [sourceId] },
      { text: `Regulators granted ${30 + r} new licences.`, sourceIds: [sourceId] },
    ],
    ourTake: [
      'European manufacturers report shorter delays.',
      `Revision ${r} of the analysis: supply risk is about policy stability.`,
    ],
    keywords: ['rare earths', 'licences'],
    industries: [],
    products: [],
    claims: [
      {
        text: 'Shipments remained about 20% down year-on-year.',
        sourceId,
        evidenceQuote: 'Shipments remained about 20% down year-on-year.',
      },
    ],
  };
}

const briefingIds: string[] = [];
const BATCH = 500;
for (let start = 0; start < BRIEFINGS; start += BATCH) {
  const briefings = [];
  const links = [];
  const revisions = [];
  for (let i = start; i < Math.min(BRIEFINGS, start + BATCH); i++) {
    const id = randomUUID();
    const sourceId = sourceIds[i % SOURCES];
    briefingIds.push(id);
    briefings.push({
      id,
      title: `Briefing ${i}: rare earth licences`,
      leadSourceId: sourceId,
      createdById: people[i % CLIENTS],
      assigneeId: i % 2 ? people[i % CLIENTS] : null,
      state: BRIEFING_STATES[i % BRIEFING_STATES.length],
    });
    links.push({ briefingId: id, sourceId, role: 'lead', rank: 0 });
    for (let r = 1; r <= REVISIONS; r++) {
      const c = content(i, r, sourceId);
      const grounding = checkGrounding({
        sections: groundingSections(c),
        claims: c.claims,
        sources: [{ id: sourceId, text: SOURCE_TEXT }],
      });
      revisions.push({
        briefingId: id,
        number: r,
        content: c as object,
        contentHash: contentHash(c),
        authorId: r > 1 ? people[(i + r) % CLIENTS] : null,
        grounding: grounding as object,
      });
    }
  }
  await prisma.briefing.createMany({ data: briefings });
  await prisma.briefingSource.createMany({ data: links });
  await prisma.revision.createMany({ data: revisions });
}
await prisma.$executeRawUnsafe(
  `UPDATE "Briefing" b SET "currentRevisionId" = r.id FROM "Revision" r WHERE r."briefingId" = b.id AND r.number = ${REVISIONS}`,
);
await prisma.$executeRawUnsafe('ANALYZE');

const cookies: string[] = [];
for (const id of people)
  cookies.push(`${SESSION_COOKIE}=${(await createSession(prisma, id, config.session, { ip: '127.0.0.1' })).token}`);

const server = booted.app.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(
    JSON.stringify({
      port: typeof a === 'object' && a ? a.port : 0,
      cookies,
      briefingIds: briefingIds.filter((_, i) => i % 7 === 1).slice(0, 500),
    }) + '\n',
  );
});
process.on('SIGTERM', () => {
  server.close();
  void booted.stop().then(() => process.exit(0));
});
