// The app in its own process for bench:workspace: boots on the database from the environment and
// writes one briefing the size the issue sets (a 3,000-word draft over nine sources of real press
// releases, its grounding report computed as a generation's check would), then reports its port,
// the briefing id and a person's credentials.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../server/generated/prisma/client.js';
import { boot } from '../../server/boot.js';
import { loadConfig } from '../../server/env.js';
import { createLogger } from '../../server/logging/logger.js';
import { createUser } from '../../server/commands/users/createUser.js';
import { contentHash, sectionTexts, type RevisionContent } from '../../server/review/content.js';
import { groundContent } from '../../server/review/grounding.js';
import { loadReleases } from '../grounding/evalSet.js';
import { buildPerfCase } from '../grounding/perfCase.js';

const DRAFT_WORDS = Number(process.env.BENCH_DRAFT_WORDS ?? 3000);
const SOURCES = Number(process.env.BENCH_SOURCES ?? 9);

const config = loadConfig({ ...process.env, SEED_DEMO: 'false', LOG_LEVEL: 'silent' });
const booted = await boot(config, { logger: createLogger('silent'), skipFirstRun: true });
const prisma = booted.deps.db.prisma;

const email = `bench-workspace-${Date.now()}@example.test`;
const password = 'bench-password-123';
const me = await createUser(prisma, null, {
  email,
  displayName: 'Bench Reviewer',
  roles: ['editor', 'reviewer'],
  password,
});

// Nine sources of about 1,500 words and a draft reusing their paragraphs: most sentences align,
// which is the costly path for the re-check.
const perf = buildPerfCase(
  loadReleases('test/fixtures/news/senate-press-releases-sample.jsonl'),
  1500,
  SOURCES,
  DRAFT_WORDS,
);
const sourceIds = perf.sources.map(() => randomUUID());
await prisma.source.createMany({
  data: perf.sources.map((s, i) => ({
    id: sourceIds[i],
    canonicalUrl: `https://bench.example/workspace/${i}-${randomUUID()}`,
    url: `https://bench.example/workspace/${i}`,
    publisher: `Publisher ${i + 1}`,
    title: s.text.split('\n')[0].slice(0, 120),
    publishedAt: new Date(Date.now() - i * 86_400_000),
    fetchedAt: new Date(),
    text: s.text,
    contentHash: randomUUID(),
    origin: 'api' as const,
  })),
});

// The perf case's paragraphs, spread over the three prose sections in roughly 10 / 50 / 40 parts.
const paras = perf.sections.flatMap((s) => s.text.split('\n\n'));
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const total = paras.reduce((n, p) => n + words(p), 0);
const thirty: string[] = [];
const brief: string[] = [];
const take: string[] = [];
let seen = 0;
for (const p of paras) {
  (seen < total * 0.1 ? thirty : seen < total * 0.6 ? brief : take).push(p);
  seen += words(p);
}
const content: RevisionContent = {
  title: 'Workspace bench: a long briefing over nine sources',
  slug: 'workspace-bench',
  thirtySecondBriefing: thirty.join('\n\n'),
  technicalBrief: brief.map((text, i) => ({ text, sourceIds: [sourceIds[i % sourceIds.length]] })),
  ourTake: take,
  keywords: ['bench'],
  industries: [],
  products: [],
  claims: [],
};

const briefing = await prisma.briefing.create({
  data: {
    title: content.title,
    leadSourceId: sourceIds[0],
    createdById: me.id,
    assigneeId: me.id,
    state: 'in_review',
  },
  select: { id: true },
});
await prisma.briefingSource.createMany({
  data: sourceIds.map((sourceId, rank) => ({
    briefingId: briefing.id,
    sourceId,
    role: rank === 0 ? 'lead' : 'related',
    rank,
  })),
});
const grounding = await groundContent(prisma, briefing.id, content, []);
const rev = await prisma.revision.create({
  data: {
    briefingId: briefing.id,
    number: 1,
    content: content as unknown as Prisma.InputJsonValue,
    contentHash: contentHash(content),
    grounding: grounding as unknown as Prisma.InputJsonValue,
  },
  select: { id: true },
});
await prisma.briefing.update({ where: { id: briefing.id }, data: { currentRevisionId: rev.id } });

const server = booted.app.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(
    JSON.stringify({
      port: typeof a === 'object' && a ? a.port : 0,
      email,
      password,
      briefingId: briefing.id,
      draftWords: words([content.thirtySecondBriefing, ...brief, ...take].join(' ')),
      sourceWords: perf.sources.map((s) => words(s.text)),
      flags: grounding.flags.length,
      sections: sectionTexts(content),
    }) + '\n',
  );
});
process.on('SIGTERM', () => {
  server.close();
  void booted.stop().then(() => process.exit(0));
});
