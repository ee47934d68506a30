import { readFile } from 'node:fs/promises';
import { DB_KINDS, createTestDatabase, type TestDatabase } from '../support/testDb.js';
import { importSources } from '../../server/commands/sources/importSources.js';
import { upsertSource } from '../../server/commands/sources/upsertSources.js';
import { keywordStats, keywordStatsOf } from '../../server/sources/search/keywordStats.js';
import { termFrequencies } from '../../server/sources/search/termFrequencies.js';
import { listingFor } from '../../server/sources/search/oneWordStats.js';
import type { SourceInput } from '../../server/sources/ingest/prepareSource.js';

const SAMPLE = 'test/fixtures/news/senate-press-releases-sample.jsonl';

/** Every lexeme's stored count against a count over the Source table itself; returns the differences. */
async function countDrift(db: TestDatabase): Promise<unknown[]> {
  return db.prisma.$queryRawUnsafe(`
    WITH truth AS (
      SELECT l AS lexeme, count(*)::int AS sources FROM "Source" s, unnest(tsvector_to_array(s.search)) AS l
      WHERE s."duplicateOfId" IS NULL GROUP BY l
    )
    SELECT coalesce(t.lexeme, k.lexeme) AS lexeme, t.sources AS truth, k.sources AS kept
    FROM truth t FULL JOIN (SELECT * FROM "SourceLexeme" WHERE sources <> 0) k ON k.lexeme = t.lexeme
    WHERE t.sources IS DISTINCT FROM k.sources
    UNION ALL
    SELECT '(corpus)', (SELECT count(*)::int FROM "Source" WHERE "duplicateOfId" IS NULL), (SELECT sources FROM "SourceCorpus" WHERE id = 1)
    WHERE (SELECT count(*)::int FROM "Source" WHERE "duplicateOfId" IS NULL) IS DISTINCT FROM (SELECT sources FROM "SourceCorpus" WHERE id = 1)
    LIMIT 5`);
}

/** What keywordStats must return, computed the slow way. */
async function bruteForce(db: TestDatabase, term: string, limit: number) {
  const rows = await db.prisma.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Source" WHERE search @@ phraseto_tsquery('english', ${term}) AND "duplicateOfId" IS NULL
    ORDER BY "publishedAt" DESC NULLS LAST, id`;
  return { matches: rows.length, ids: rows.slice(0, limit).map((r) => r.id) };
}

function article(
  url: string,
  title: string,
  text: string,
  publishedAt = new Date('2024-05-01T00:00:00Z'),
): SourceInput {
  return {
    origin: 'api',
    url,
    publisher: 'Test Wire',
    title,
    text,
    publishedAt,
    archive: { contentType: 'application/json', body: '{}' },
  };
}

const FILLER =
  'The committee heard testimony on the proposal and will vote on the amendment after the recess next month. '.repeat(
    4,
  );

describe.each(DB_KINDS)('exact keyword counts kept by the Source triggers (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.dropAndClose());

  test('after an import, every lexeme count and the corpus size match a count over the table', async () => {
    const content = (await readFile(SAMPLE, 'utf8')).split('\n').filter(Boolean).slice(0, 120).join('\n');
    const r = await importSources(db.prisma, null, { content, filename: 'sample.jsonl', format: 'jsonl' });
    expect(r.added).toBeGreaterThan(100);
    expect(await countDrift(db)).toEqual([]);
  });

  test('keywordStats equals the brute-force count and newest-first list, whichever way it lists', async () => {
    const words = ['energy', 'senate', 'oil', 'alaska', 'nuclear', 'coal', 'hydrogen', 'snowe', 'zzzznotaword'];
    const { corpus, terms } = await termFrequencies(db.prisma, words);
    const kinds = new Set<string>();
    for (const limit of [0, 1, 3, 10, 50]) {
      const all = await keywordStatsOf(db.prisma, terms, corpus, { limit });
      for (const [i, f] of terms.entries()) {
        const truth = await bruteForce(db, f.term, limit);
        expect({ term: f.term, limit, matches: all[i].matches, ids: all[i].sources.map((s) => s.id) }).toEqual({
          term: f.term,
          limit,
          ...truth,
        });
        expect(f.sources).toBe(truth.matches);
        if (limit > 0 && f.sources > 0) kinds.add(listingFor(f.sources, corpus, limit).kind);
      }
    }
    // The small corpus still exercises all three ways of listing.
    expect([...kinds].sort()).toEqual(['matches', 'ordered', 'window']);
    const one = await keywordStats(db.prisma, 'Energy', { limit: 5 });
    expect(one.matches).toBe((await bruteForce(db, 'energy', 5)).matches);
    expect(one.sources[0]).toMatchObject({ title: expect.any(String), url: expect.any(String) });
  });

  test('phrases and time windows are counted over the matches, as before', async () => {
    for (const term of ['natural gas', 'united states']) {
      const stats = await keywordStats(db.prisma, term, { limit: 5 });
      expect({ matches: stats.matches, ids: stats.sources.map((s) => s.id) }).toEqual(await bruteForce(db, term, 5));
    }
    const from = new Date('2005-01-01T00:00:00Z');
    const windowed = await keywordStats(db.prisma, 'energy', { from, limit: 3 });
    const [truth] = await db.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Source" WHERE search @@ phraseto_tsquery('english', 'energy') AND "duplicateOfId" IS NULL AND "publishedAt" >= ${from}`;
    expect(windowed.matches).toBe(truth.n);
  });

  test('counts stay exact through updates, near-duplicate links, deletes that unlink copies, and re-imports', async () => {
    const text = `Quixotrelle turbines were approved for the offshore site. ${FILLER}`;
    const original = await upsertSource(
      db.prisma,
      null,
      article('https://wire.example/quixotrelle', 'Quixotrelle turbines approved', text),
    );
    expect((await keywordStats(db.prisma, 'quixotrelle')).matches).toBe(1);

    // A syndicated copy is linked, not counted.
    const copy = await upsertSource(
      db.prisma,
      null,
      article('https://copy.example/q', 'Quixotrelle turbines approved (wire copy)', text),
    );
    expect(copy).toMatchObject({ outcome: 'duplicate', duplicateOfId: original.id });
    expect((await keywordStats(db.prisma, 'quixotrelle')).matches).toBe(1);
    expect(await countDrift(db)).toEqual([]);

    // The original is edited: its new word counts, its old one no longer does.
    const edited = await upsertSource(
      db.prisma,
      null,
      article(
        'https://wire.example/quixotrelle',
        'Vantablorp turbines approved',
        `Vantablorp turbines were approved for the offshore site. ${FILLER}`,
      ),
    );
    expect(edited.outcome).toBe('updated');
    expect((await keywordStats(db.prisma, 'vantablorp')).matches).toBe(1);
    expect((await keywordStats(db.prisma, 'quixotrelle')).matches).toBe(0); // the copy still has it, but is a copy
    expect(await countDrift(db)).toEqual([]);

    // Deleting the original sets the copy's duplicateOfId to NULL: the copy now counts.
    await db.prisma.source.delete({ where: { id: original.id } });
    expect((await keywordStats(db.prisma, 'quixotrelle')).matches).toBe(1);
    expect((await keywordStats(db.prisma, 'vantablorp')).matches).toBe(0);
    expect(await countDrift(db)).toEqual([]);

    // Re-importing the same file adds nothing and changes no count.
    const before = await termFrequencies(db.prisma, ['energy', 'senate']);
    const content = (await readFile(SAMPLE, 'utf8')).split('\n').filter(Boolean).slice(0, 120).join('\n');
    const again = await importSources(db.prisma, null, { content, filename: 'sample.jsonl', format: 'jsonl' });
    expect(again).toMatchObject({ added: 0, updated: 0, duplicates: 0 });
    expect(await termFrequencies(db.prisma, ['energy', 'senate'])).toEqual(before);
    expect(await countDrift(db)).toEqual([]);
  });

  test('a failed batch changes no count', async () => {
    const before = await termFrequencies(db.prisma, ['energy']);
    // A transaction that wrote a source and then failed leaves the counts as they were.
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`INSERT INTO "Source" (id, "canonicalUrl", url, publisher, title, "fetchedAt", "updatedAt", text, "contentHash", origin)
          VALUES (gen_random_uuid(), 'urn:x:1', 'urn:x:1', 'P', 'Energy', now(), now(), 'energy energy', 'h1', 'api')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await termFrequencies(db.prisma, ['energy'])).toEqual(before);
    expect(await countDrift(db)).toEqual([]);
  });
});
