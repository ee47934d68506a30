// The real app for bench:site: publishes one briefing through the real command, bulk-inserts
// N more publications (copies of its snapshot), times feed and sitemap generation in-process
// (uncached, median of several runs), then serves HTTP and reports the article path.
import { randomUUID } from 'node:crypto';
import { boot } from '../../server/boot.js';
import { loadConfig } from '../../server/env.js';
import { createLogger } from '../../server/logging/logger.js';
import { createUser } from '../../server/commands/users/createUser.js';
import { publishBriefing } from '../../server/commands/publishing/publishBriefing.js';
import { feedBody, sitemapBody, type SiteContext } from '../../server/publishing/site/publicSite.js';
import { seedDemoCatalogue } from '../../server/seed/demoCatalogue.js';
import { addRevision, exampleDraft } from '../../test/support/publishingFactory.js';

const COUNT = Number(process.env.BENCH_PUBLICATIONS ?? 10_000);
const config = loadConfig({
  ...process.env,
  SEED_DEMO: 'false',
  LOG_LEVEL: 'silent',
  PUBLIC_URL: 'https://news.example.test',
});
const booted = await boot(config, { logger: createLogger('silent'), skipFirstRun: true });
const deps = booted.deps;
const db = deps.db.prisma;

await seedDemoCatalogue(db);
const u = await createUser(db, null, {
  email: `bench-${Date.now()}@example.test`,
  displayName: 'Bench Editor',
  roles: ['editor'],
  password: 'bench-password-123',
});
const actor = {
  kind: 'session' as const,
  userId: u.id,
  email: u.email,
  displayName: u.displayName,
  roles: u.roles,
  timezone: 'UTC',
};
const source = await db.source.create({
  data: {
    canonicalUrl: 'https://www.mining.com/bench',
    url: 'https://www.mining.com/bench',
    publisher: 'MINING.com',
    title: 'Lead',
    fetchedAt: new Date(),
    text: 'x',
    contentHash: 'x',
    origin: 'api',
  },
});
const briefing = await db.briefing.create({
  data: { title: 't', leadSourceId: source.id, createdById: u.id, state: 'approved' },
});
await addRevision(db, briefing.id, exampleDraft());
const article = await publishBriefing(deps, actor, { briefingId: briefing.id });
const model = await db.publication.findFirstOrThrow({ where: { id: article.id } });

const t0 = Date.now();
const base = Date.parse('2020-01-01T00:00:00Z');
for (let start = 0; start < COUNT; start += 500) {
  const chunk = Math.min(500, COUNT - start);
  const ids = Array.from({ length: chunk }, () => randomUUID());
  await db.briefing.createMany({
    data: ids.map((id, i) => ({
      id,
      title: `Bulk ${start + i}`,
      slug: `bulk-${start + i}`,
      leadSourceId: source.id,
      createdById: u.id,
      state: 'published' as const,
    })),
  });
  await db.publication.createMany({
    data: ids.map((briefingId, i) => {
      const at = new Date(base + (start + i) * 60_000);
      return {
        briefingId,
        version: 1,
        revisionId: model.revisionId,
        signOffId: model.signOffId,
        slug: `bulk-${start + i}`,
        title: `Bulk briefing ${start + i}`,
        keywords: model.keywords,
        snapshot: model.snapshot as object,
        html: '<!doctype html><p>bulk</p>',
        etag: `"bulk-${start + i}"`,
        bodyText: model.bodyText,
        publishedAt: at,
        firstPublishedAt: at,
        publishedById: u.id,
      };
    }),
  });
}
const seedMs = Date.now() - t0;

const ctx: SiteContext = { db, views: deps.views, config, origin: 'https://news.example.test' };
async function median(fn: () => Promise<string>, runs = 7): Promise<{ ms: number; bytes: number }> {
  await fn();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    bytes = (await fn()).length;
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)], bytes };
}
const timings = {
  rss: await median(() => feedBody(ctx, 'rss')),
  atom: await median(() => feedBody(ctx, 'atom')),
  json: await median(() => feedBody(ctx, 'json')),
  sitemap: await median(() => sitemapBody(ctx)),
};

const server = booted.app.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(
    JSON.stringify({
      port: typeof a === 'object' && a ? a.port : 0,
      path: article.path,
      publications: COUNT + 1,
      seedMs,
      timings,
    }) + '\n',
  );
});
process.on('SIGTERM', () => {
  server.close();
  void booted.stop().then(() => process.exit(0));
});
