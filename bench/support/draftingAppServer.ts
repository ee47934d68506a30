// The real app plus its generation worker in one process (as `npm start` runs it), for bench:drafting.
// Seeds a story (a fast lead, a slow lead and related pieces), an editor with a session and an API token.
import { readFileSync } from 'node:fs';
import { boot } from '../../server/boot.js';
import { loadConfig } from '../../server/env.js';
import { createLogger } from '../../server/logging/logger.js';
import { createUser } from '../../server/commands/users/createUser.js';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.js';
import { createApiToken } from '../../server/commands/apiTokens/createApiToken.js';
import { createGenerationWorker } from '../../server/workers/generationWorker.js';

const config = loadConfig({ ...process.env, SEED_DEMO: 'false', LOG_LEVEL: 'silent' });
// BENCH_LOG=info shows each generation's timings on stderr (stdout carries the ready line).
const booted = await boot(config, {
  logger: createLogger(process.env.BENCH_LOG === 'info' ? 'info' : 'silent', process.stderr),
  skipFirstRun: true,
});
const prisma = booted.deps.db.prisma;
const user = await createUser(prisma, null, {
  email: `bench-${Date.now()}@example.test`,
  displayName: 'Bench Editor',
  roles: ['editor', 'reviewer'],
  password: 'bench-password-123',
});
const session = await createSession(prisma, user.id, config.session, { ip: '127.0.0.1' });
const actor = {
  kind: 'session' as const,
  userId: user.id,
  email: user.email,
  displayName: 'Bench Editor',
  roles: user.roles,
  timezone: 'UTC',
};
const { token } = await createApiToken(prisma, actor, { name: 'bench', roles: ['editor', 'reviewer'] });

const articles = readFileSync(
  new URL('../../test/fixtures/news/senate-press-releases-sample.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { id: string; title: string; body: string });
async function source(i: number, title: string, text: string, keywords = ['shipbuilding', 'financing']) {
  return prisma.source.create({
    data: {
      canonicalUrl: `https://bench.example/${i}-${Date.now()}`,
      url: `https://bench.example/${i}`,
      publisher: 'Bench Wire',
      title,
      publishedAt: new Date(),
      fetchedAt: new Date(),
      text,
      wordCount: text.split(/\s+/).length,
      contentHash: String(i),
      keywords,
      origin: 'import',
    },
    select: { id: true },
  });
}
// Related pieces share the leads' key terms so collation finds eight of them.
for (let i = 0; i < 12; i++)
  await source(i, `Shipbuilding financing ${articles[i].title}`, `Shipbuilding financing. ${articles[i].body}`);
const fastLead = await source(
  100,
  'Shipbuilding financing package approved',
  `Shipbuilding financing. ${articles[20].body}`,
);
// The fake server answers slowly when it sees BENCH-SLOW, so this lead shares no terms with the fast one (or it would be collated into it).
const slowText =
  'Copper smelter permit hearings continue in the valley this week. Residents asked regulators about sulphur dioxide limits. The operator said upgrades would cut emissions by a third. '.repeat(
    6,
  );
const slowLead = await source(101, 'BENCH-SLOW copper smelter permit hearings', slowText, ['copper smelter']);

const worker = createGenerationWorker(booted.deps, { pollMs: 200 });
worker.start();
const server = booted.app.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(
    JSON.stringify({
      port: typeof a === 'object' && a ? a.port : 0,
      cookie: `${SESSION_COOKIE}=${session.token}`,
      token,
      fastLeadId: fastLead.id,
      slowLeadId: slowLead.id,
    }) + '\n',
  );
});
process.on('SIGTERM', () => {
  server.close();
  void worker
    .stop()
    .then(() => booted.stop())
    .then(() => process.exit(0));
});
