import { DB_KINDS, createTestDatabase, type TestDatabase } from '../support/testDb.js';
import { importSources, IMPORT_BATCH } from '../../server/commands/sources/importSources.js';

/** Deterministic, mutually unrelated texts (~80 words from a 2,000-word vocabulary). */
function corpus(n: number): string[] {
  let seed = 0x2545f491;
  const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const vocab = Array.from({ length: 2000 }, (_, i) => `w${i.toString(36)}x${(i * 7919) % 97}`);
  return Array.from(
    { length: n },
    () => Array.from({ length: 80 }, () => vocab[Math.floor(rand() * vocab.length)]).join(' ') + '.',
  );
}

describe.each(DB_KINDS)('import writes two batches at once (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.dropAndClose());

  test('copies and repeats across batches still in flight are linked or found; counts stay exact; re-import adds nothing', async () => {
    const B = IMPORT_BATCH;
    const at = (batch: number, share: number) => batch * B + Math.floor(share * B);
    const n = at(2, 0.6);
    const texts = corpus(n);
    const lines = texts.map((body, i) => ({
      id: `p-${i}`,
      title: `Piece ${i}`,
      publisher: 'Pipeline Wire',
      body,
      published_at: '2024-03-01',
    }));
    // Batch 1 is written while batch 0 is: a syndicated copy of a batch-0 text...
    lines[at(1, 0.24)] = { ...lines[at(1, 0.24)], body: texts[at(0, 0.62)].replace(/\.$/, ' today.') };
    // ...and the same record (same id, same text) as a batch-0 line.
    lines[at(1, 0.4)] = { ...lines[at(0, 0.24)] };
    // Batch 2 copies batch 1, which may still be in flight when it starts.
    lines[at(2, 0.3)] = { ...lines[at(2, 0.3)], body: texts[at(1, 0.66)] };
    const content = lines.map((l) => JSON.stringify(l)).join('\n');

    const r = await importSources(db.prisma, null, { content, filename: 'pipeline.jsonl', format: 'jsonl' });
    expect(r).toMatchObject({ total: n, added: n - 3, duplicates: 2, unchanged: 1, updated: 0, errors: [] });

    const byId = async (externalId: string) =>
      db.prisma.source.findFirstOrThrow({
        where: { canonicalUrl: { endsWith: `:${externalId}` } },
        select: { id: true, duplicateOfId: true },
      });
    expect((await byId(`p-${at(1, 0.24)}`)).duplicateOfId).toBe((await byId(`p-${at(0, 0.62)}`)).id);
    expect((await byId(`p-${at(2, 0.3)}`)).duplicateOfId).toBe((await byId(`p-${at(1, 0.66)}`)).id);
    expect(await db.prisma.source.count()).toBe(n - 1);

    const [drift] = await db.prisma.$queryRawUnsafe<{ n: number }[]>(`
      WITH truth AS (SELECT l, count(*)::int AS n FROM "Source" s, unnest(tsvector_to_array(s.search)) l WHERE s."duplicateOfId" IS NULL GROUP BY l)
      SELECT count(*)::int AS n FROM truth t FULL JOIN (SELECT * FROM "SourceLexeme" WHERE sources <> 0) k ON k.lexeme = t.l
      WHERE t.n IS DISTINCT FROM k.sources`);
    expect(drift.n).toBe(0);
    const [corpusRow] = await db.prisma.$queryRawUnsafe<{ kept: number; truth: number }[]>(
      `SELECT (SELECT sources FROM "SourceCorpus") AS kept, (SELECT count(*)::int FROM "Source" WHERE "duplicateOfId" IS NULL) AS truth`,
    );
    expect(corpusRow.kept).toBe(corpusRow.truth);

    const again = await importSources(db.prisma, null, { content, filename: 'pipeline.jsonl', format: 'jsonl' });
    expect(again).toMatchObject({ added: 0, updated: 0, duplicates: 0, unchanged: n });
  });
});
