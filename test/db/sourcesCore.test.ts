import { readFile } from 'node:fs/promises';
import { DB_KINDS } from '../support/testDb.js';
import { createTestDatabase, type TestDatabase } from '../support/testDb.js';
import { upsertSource } from '../../server/commands/sources/upsertSources.js';
import { importSources } from '../../server/commands/sources/importSources.js';
import { searchSources } from '../../server/sources/search/searchSources.js';
import { keywordStats } from '../../server/sources/search/keywordStats.js';
import { collateForLead } from '../../server/sources/collation/collateForLead.js';
import { countTokens } from '../../server/sources/collation/tokenBudget.js';
import type { SourceInput } from '../../server/sources/ingest/prepareSource.js';

const SAMPLE = 'test/fixtures/news/senate-press-releases-sample.jsonl';

const ARTICLE = [
  'China has issued the first batch of one-year general rare earth export licences to magnet producers,',
  'easing shipment-by-shipment approvals imposed under export controls. Rare earth magnet exports slumped',
  'after the controls and shipments remained about 20% down year on year. European manufacturers report',
  'shorter delays but still flag opaque criteria and the risk that broader restrictions could tighten again.',
  'Analysts said the general licences cover JL Mag Rare Earth and Ningbo Yunsheng among others, and that',
  'the rollout will be watched by downstream users of rare earth magnets in the United States and Europe.',
].join(' ');

function api(over: Partial<SourceInput> = {}): SourceInput {
  return {
    origin: 'api',
    url: 'https://www.mining.com/china-rare-earth-licences/',
    publisher: 'MINING.com',
    title: 'China grants first general rare earth export licences',
    text: ARTICLE,
    publishedAt: new Date('2025-11-20T00:00:00Z'),
    archive: { contentType: 'application/json', body: '{"test":true}' },
    ...over,
  };
}

describe.each(DB_KINDS)('source database core (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.dropAndClose());

  test('same canonical URL (tracking parameters, host case) updates instead of adding; same content is "unchanged"', async () => {
    const first = await upsertSource(db.prisma, null, api());
    expect(first.outcome).toBe('added');
    const again = await upsertSource(
      db.prisma,
      null,
      api({ url: 'https://WWW.MINING.COM/china-rare-earth-licences/?utm_source=newsletter&utm_medium=email' }),
    );
    expect(again).toMatchObject({ outcome: 'unchanged', id: first.id });
    const edited = await upsertSource(
      db.prisma,
      null,
      api({
        url: 'https://www.mining.com/china-rare-earth-licences/?fbclid=x',
        title: 'China grants first general rare earth export licences (updated)',
      }),
    );
    expect(edited).toMatchObject({ outcome: 'updated', id: first.id });
    expect(await db.prisma.source.count({ where: { canonicalUrl: { contains: 'china-rare-earth-licences' } } })).toBe(
      1,
    );
    const archives = await db.prisma.sourceArchive.findMany({ where: { sourceId: first.id }, select: { body: true } });
    expect(archives).toHaveLength(2); // the unchanged re-ingest archived nothing
  });

  test('a syndicated copy under another URL is linked to the first copy and counted once', async () => {
    const original = await db.prisma.source.findFirstOrThrow({
      where: { canonicalUrl: { contains: 'china-rare-earth-licences' } },
      select: { id: true },
    });
    const copy = await upsertSource(
      db.prisma,
      null,
      api({
        url: 'https://syndicator.example/story/123',
        publisher: 'Syndicator',
        title: 'Rare earth licences granted',
        text: ARTICLE.replace('about 20%', 'roughly 20%'),
      }),
    );
    expect(copy).toMatchObject({ outcome: 'duplicate', duplicateOfId: original.id });
    const stats = await keywordStats(db.prisma, 'rare earth magnets');
    expect(stats.sources.map((s) => s.id)).toEqual([original.id]);
    expect(stats.matches).toBe(1);
    const hidden = await searchSources(db.prisma, { q: 'ningbo' });
    expect(hidden.items.map((s) => s.id)).toEqual([original.id]);
    const shown = await searchSources(db.prisma, { q: 'ningbo', includeDuplicates: true });
    expect(shown.total).toBe(2);
  });

  test('invisible characters are stripped at ingest and the text stays searchable', async () => {
    const r = await upsertSource(
      db.prisma,
      null,
      api({
        url: 'https://example.com/zw',
        title: 'Uranium\u200B mine permit',
        text:
          'The uranium\u200B mine permit was ign\u200Dored.\u2066 Hidden\u2069 ' +
          'The state regulator reviewed the tailings plan, water use and reclamation bond for the proposed mill before the hearing. '.repeat(
            2,
          ),
      }),
    );
    const row = await db.prisma.source.findUniqueOrThrow({
      where: { id: r.id },
      select: { title: true, text: true, wordCount: true, keywords: true },
    });
    expect(row.title).toBe('Uranium mine permit');
    expect(row.text).not.toMatch(/\u200B|\u200D|\u2066|\u2069/);
    expect(row.wordCount).toBeGreaterThan(20);
    expect(row.keywords.length).toBeGreaterThan(0);
  });

  test('JSON Lines import: good lines kept, bad ones reported by line and field; re-import adds nothing', async () => {
    const sample = (await readFile(SAMPLE, 'utf8')).split('\n').filter(Boolean).slice(0, 40);
    const bad = [
      JSON.stringify({ title: 'No publisher', body: 'text' }),
      JSON.stringify({ title: 'Bad date', body: 'text', publisher: 'X', published_at: '31/02/2006' }),
      '{not json',
      JSON.stringify({ title: 'Huge', publisher: 'X', body: 'word '.repeat(300_000) }),
    ];
    const content = [...sample.slice(0, 20), ...bad, ...sample.slice(20)].join('\n');
    const first = await importSources(db.prisma, null, { content, filename: 'sample.jsonl', format: 'jsonl' });
    expect(first.total).toBe(44);
    expect(first.added + first.duplicates).toBe(40);
    expect(first.errors).toEqual([
      { line: 21, field: 'publisher', reason: 'is required' },
      { line: 22, field: 'published_at', reason: expect.stringMatching(/not a valid date/) },
      { line: 23, reason: expect.stringMatching(/not valid JSON/) },
      { line: 24, field: 'body', reason: expect.stringMatching(/too long/) },
    ]);
    const second = await importSources(db.prisma, null, { content, filename: 'sample.jsonl', format: 'jsonl' });
    expect(second).toMatchObject({ added: 0, updated: 0, duplicates: 0, unchanged: 40 });
    const run = await db.prisma.importRun.findUniqueOrThrow({
      where: { id: second.importRunId },
      select: { errors: true, unchanged: true },
    });
    expect(run.unchanged).toBe(40);
    expect((run.errors as unknown[]).length).toBe(4);
  });

  test('CSV import reports file line numbers', async () => {
    const csv =
      'title,body,publisher,published_at\n"Coal ash rule","The coal ash\nrule was final.",EPA,2008-01-02\n,missing title,EPA,2008-01-03\nOK,text,EPA,not-a-date\n';
    const r = await importSources(db.prisma, null, { content: csv, filename: 'x.csv', format: 'csv' });
    expect(r.added).toBe(1);
    expect(r.errors).toEqual([
      { line: 4, field: 'title', reason: 'is required' },
      { line: 5, field: 'published_at', reason: expect.stringMatching(/not a valid date/) },
    ]);
  });

  test('search: phrase, prefix and filters', async () => {
    const phrase = await searchSources(db.prisma, { q: '"coal mine"' });
    expect(phrase.total).toBeGreaterThan(0);
    // Word order matters inside quotes only.
    const loose = await searchSources(db.prisma, { q: 'gas natural' });
    const reversed = await searchSources(db.prisma, { q: '"gas natural"' });
    expect(loose.total).toBeGreaterThan(5);
    expect(reversed.total).toBeLessThan(loose.total);
    const texts = await db.prisma.source.findMany({
      where: { id: { in: phrase.items.map((i) => i.id) } },
      select: { title: true, text: true },
    });
    for (const t of texts) expect(`${t.title} ${t.text}`).toMatch(/coal[\s-]+min/i);
    const prefix = await searchSources(db.prisma, { q: 'uran*' });
    expect(prefix.items.some((i) => /uranium/i.test(i.title + (i.snippet ?? '')))).toBe(true);
    const filtered = await searchSources(db.prisma, { q: 'uran*', publisher: 'MINING.com' });
    expect(filtered.items.every((i) => i.publisher === 'MINING.com')).toBe(true);
    const none = await searchSources(db.prisma, { q: 'uran*', to: new Date('1990-01-01') });
    expect(none.total).toBe(0);
  });

  test('search without a query: the snippet is the start of the text with whitespace collapsed, every letter kept', async () => {
    const text =
      'U.S. Senator Russ Feingold (D-WI) is leading a bipartisan effort\n\n  to pass   this  sessions bill. '.repeat(3);
    const added = await upsertSource(
      db.prisma,
      null,
      api({ url: 'https://snippets.example/feingold', title: 'Snippet test', publisher: 'Snippet Wire', text }),
    );
    const res = await searchSources(db.prisma, { publisher: 'Snippet Wire' });
    const hit = res.items.find((i) => i.id === added.id);
    expect(hit?.snippet).toBe(text.replace(/\s+/g, ' ').slice(0, 240));
  });

  test('collation: related pieces ranked, lead and duplicates excluded, token budget respected', async () => {
    const lead = await db.prisma.source.findFirstOrThrow({
      where: { canonicalUrl: { contains: 'china-rare-earth-licences' } },
      select: { id: true },
    });
    const c = await collateForLead(db.prisma, lead.id, { k: 5, tokenBudget: 300 });
    expect(c.lead.id).toBe(lead.id);
    expect(c.keyTerms).toContain('rare earth');
    expect(c.related.map((r) => r.id)).not.toContain(lead.id);
    const dupIds = (
      await db.prisma.source.findMany({ where: { duplicateOfId: { not: null } }, select: { id: true } })
    ).map((r) => r.id);
    for (const r of c.related) expect(dupIds).not.toContain(r.id);
    expect(c.tokenCount).toBeLessThanOrEqual(300);
    expect(c.tokenCount).toBe(countTokens(c.lead.text) + c.related.reduce((n, r) => n + countTokens(r.text), 0));
    const fact = c.facts.find((f) => f.term === 'rare earth')!;
    expect(fact.matches).toBe(1);
    expect(fact.sourceIds).toEqual([lead.id]);
  });
});
