import { DB_KINDS, createTestDatabase, type TestDatabase } from '../support/testDb.js';
import { bandFlood } from '../support/bandFlood.js';
import { importSources } from '../../server/commands/sources/importSources.js';
import { BAND_CANDIDATES, nearDuplicateWork } from '../../server/commands/sources/upsertSources.js';
import { BANDS, lshBands } from '../../server/sources/ingest/lsh.js';
import { fingerprint, similarity, NEAR_DUPLICATE_THRESHOLD } from '../../server/sources/text/fingerprint.js';

const FLOOD = 3 * BAND_CANDIDATES;
const jsonl = (rows: { id: string; body: string }[]) =>
  rows.map((r) => JSON.stringify({ ...r, title: `Hot ${r.id}`, publisher: 'Hot Band Wire' })).join('\n') + '\n';

/** The text with its 140th word replaced: the same article, lightly edited. */
const edited = (text: string) => {
  const ws = text.split(' ');
  ws[140] = 'edited';
  return ws.join(' ');
};

describe.each(DB_KINDS)('a band shared by many texts that are not copies (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.dropAndClose());

  test('bounds the candidates fetched and compared, stores them all as originals, and still finds real copies', async () => {
    const { texts, band } = bandFlood(FLOOD + 300);
    const early = texts[0];
    const late = texts[FLOOD - 50]; // past the BAND_CANDIDATES oldest of the shared band
    const copies = [edited(early), edited(late)];
    // Preconditions, with the code's own functions: one band shared, pairwise far from copies;
    // each copy is a near-duplicate of its text and shares bands besides the crowded one.
    const sigs = texts.slice(0, 50).map((t) => fingerprint(t));
    for (const s of sigs) expect(lshBands(s)[0]).toBe(band);
    for (let i = 1; i < sigs.length; i++) expect(similarity(sigs[0], sigs[i])).toBeLessThan(0.5);
    for (const [copy, of] of [
      [copies[0], early],
      [copies[1], late],
    ]) {
      expect(similarity(fingerprint(copy), fingerprint(of))).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
      const shared = lshBands(fingerprint(copy)).filter((b) => lshBands(fingerprint(of)).includes(b));
      expect(shared.length).toBeGreaterThan(1);
    }

    nearDuplicateWork.comparisons = 0;
    const first = await importSources(db.prisma, null, {
      content: jsonl(texts.slice(0, FLOOD).map((body, i) => ({ id: `flood-${i}`, body }))),
      filename: 'flood.jsonl',
      format: 'jsonl',
    });
    expect(first).toMatchObject({ added: FLOOD, duplicates: 0, errors: [] });
    // Each text compared with at most BAND_CANDIDATES sources of the shared band (and the few others
    // its other bands bring), not with every earlier one: FLOOD²/2 = 180,000 comparisons before.
    expect(nearDuplicateWork.comparisons).toBeLessThanOrEqual(FLOOD * (BAND_CANDIDATES + BANDS));

    nearDuplicateWork.candidatesFetched = 0;
    nearDuplicateWork.comparisons = 0;
    const more = texts.slice(FLOOD).map((body, i) => ({ id: `more-${i}`, body }));
    const second = await importSources(db.prisma, null, {
      content: jsonl([...more, { id: 'copy-early', body: copies[0] }, { id: 'copy-late', body: copies[1] }]),
      filename: 'more.jsonl',
      format: 'jsonl',
    });
    expect(second).toMatchObject({ added: more.length, duplicates: 2, errors: [] });
    // The earlier import's FLOOD sources share the band: only its BAND_CANDIDATES oldest are read
    // (plus the originals the copies' other bands find).
    expect(nearDuplicateWork.candidatesFetched).toBeLessThanOrEqual(BAND_CANDIDATES + 2 * BANDS);
    expect(nearDuplicateWork.comparisons).toBeLessThanOrEqual((more.length + 2) * (BAND_CANDIDATES + BANDS));

    const byTitle = async (title: string) =>
      db.prisma.source.findFirstOrThrow({ where: { title }, select: { id: true, duplicateOfId: true } });
    expect((await byTitle('Hot copy-early')).duplicateOfId).toBe((await byTitle('Hot flood-0')).id);
    expect((await byTitle('Hot copy-late')).duplicateOfId).toBe((await byTitle(`Hot flood-${FLOOD - 50}`)).id);
    expect(await db.prisma.source.count({ where: { publisher: 'Hot Band Wire', duplicateOfId: { not: null } } })).toBe(
      2,
    );
  });
});
