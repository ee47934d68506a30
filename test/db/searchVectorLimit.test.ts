import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { startAppWithEditor, type Session, type TestApp } from '../support/testApp.js';
import { exampleDraft, makeBriefing } from '../support/publishingFactory.js';
import { sectionEditsSchema } from '../../server/schemas/review.js';

/**
 * PostgreSQL refuses a tsvector whose lexemes and positions take more than 1 MB ("string is too
 * long for tsvector", SQLSTATE 54000). Text of distinct non-Latin words reaches that well within
 * what the app accepts: about 450,000 characters of Cyrillic words (two bytes a letter), 315,000 of
 * two-character CJK words (three bytes a character). Such a text must still be stored and be
 * findable by the words it starts with, on every way in.
 */
const CYRILLIC = 'абвгдежзийклмнопрстуфхцчшщъыьэюя';

/** The i-th of a run of distinct five-letter Cyrillic words. */
function cyrillicWord(i: number): string {
  let s = '';
  for (let n = i + 32 ** 4; n > 0; n = Math.floor(n / 32)) s += CYRILLIC[n % 32];
  return s;
}

/** The i-th of a run of distinct two-character CJK words (unified ideographs). */
function cjkWord(i: number): string {
  return String.fromCodePoint(0x4e00 + (i % 20_000), 0x4e00 + (Math.floor(i / 20_000) % 20_000));
}

/** `chars` characters of distinct words, the first numbered `from`, separated by spaces. */
function distinctWords(word: (i: number) => string, chars: number, from = 0): string {
  const out: string[] = [];
  let length = 0;
  for (let i = from; length < chars; i++) {
    const w = word(i);
    out.push(w);
    length += w.length + 1;
  }
  return out.join(' ').slice(0, chars);
}

describe.each(DB_KINDS)('search vectors of texts past the tsvector limit (%s)', (kind) => {
  let t: TestApp;
  let editor: Session;

  beforeAll(async () => {
    ({ t, editor } = await startAppWithEditor(kind, { WORKERS: 'false' }));
  });
  afterAll(() => t.close());

  /** Imports sources as a JSON Lines upload, as an editor would; answers the import's summary. */
  const importLines = async (filename: string, sources: { title: string; text: string; url: string }[]) =>
    (
      await editor.agent
        .post('/api/sources/import')
        .query({ filename })
        .set('X-CSRF-Token', editor.csrf)
        .set('Content-Type', 'application/x-ndjson')
        .send(sources.map((l) => JSON.stringify({ ...l, publisher: 'Long Wire' })).join('\n'))
        .expect(201)
    ).body;

  const find = async (q: string) =>
    (await editor.agent.get('/api/sources').query({ q }).expect(200)).body.items.map((i: { url: string }) => i.url);

  test('an import of a million characters of distinct Cyrillic or CJK words stores both, findable by their first words', async () => {
    const cyrillic = distinctWords(cyrillicWord, 1_000_000);
    const cjk = distinctWords(cjkWord, 1_000_000);
    const summary = await importLines('long.jsonl', [
      { title: 'Cyrillic wire', text: cyrillic, url: 'https://long.example/cyrillic' },
      { title: 'CJK wire', text: cjk, url: 'https://long.example/cjk' },
      { title: 'Ordinary wire', text: 'Copper output rose at the smelter.', url: 'https://long.example/ordinary' },
    ]);
    expect(summary).toMatchObject({ total: 3, added: 3, errors: [] });
    const stored = await t.db.prisma.source.findMany({
      where: { canonicalUrl: { startsWith: 'https://long.example/' } },
      select: { canonicalUrl: true, text: true },
    });
    expect(new Map(stored.map((s) => [s.canonicalUrl, s.text.length]))).toEqual(
      new Map([
        ['https://long.example/cyrillic', 1_000_000],
        ['https://long.example/cjk', 1_000_000],
        ['https://long.example/ordinary', 34],
      ]),
    );
    expect(await find(cyrillicWord(0))).toEqual(['https://long.example/cyrillic']);
    expect(await find(cyrillicWord(1_000))).toEqual(['https://long.example/cyrillic']);
    expect(await find(cjkWord(0))).toEqual(['https://long.example/cjk']);
    expect(await find(cjkWord(1_000))).toEqual(['https://long.example/cjk']);
    expect(await find('Cyrillic')).toEqual(['https://long.example/cyrillic']);
    expect(await find('copper')).toEqual(['https://long.example/ordinary']);
  });

  test('POST /api/sources of distinct Cyrillic or CJK words up to the body limit is stored, and so is an update to one', async () => {
    const post = (body: object) =>
      editor.agent
        .post('/api/sources')
        .set('X-CSRF-Token', editor.csrf)
        .send({ publisher: 'Post Wire', ...body });
    // About 940 kB of JSON each: under the 1 MB body limit, over the tsvector limit.
    const cyrillic = distinctWords(cyrillicWord, 490_000, 200_000);
    const cjk = distinctWords(cjkWord, 400_000, 200_000);
    const a = await post({ title: 'Posted Cyrillic', text: cyrillic, url: 'https://post.example/cyrillic' });
    expect(a.status).toBe(201);
    expect(a.body.outcome).toBe('added');
    const b = await post({ title: 'Posted CJK', text: cjk, url: 'https://post.example/cjk' });
    expect(b.status).toBe(201);
    expect(await find(cyrillicWord(200_000))).toEqual(['https://post.example/cyrillic']);
    expect(await find(cjkWord(200_000))).toEqual(['https://post.example/cjk']);

    // The same URL again, its short text replaced by a long one: the update is kept.
    await post({ title: 'Update target', text: 'Nickel prices fell.', url: 'https://post.example/update' }).expect(201);
    const u = await post({
      title: 'Update target',
      text: distinctWords(cjkWord, 400_000, 600_000),
      url: 'https://post.example/update',
    }).expect(200);
    expect(u.body.outcome).toBe('updated');
    expect(await find(cjkWord(600_000))).toEqual(['https://post.example/update']);
    expect(await find('nickel')).toEqual([]);
  });

  test('a source that is one hyphenated word of a million characters: its page, collation and keyword counts answer', async () => {
    // Its vector is small (few distinct parts) but as a key term it would be a tsquery of 250,000 words.
    const chain = Array.from({ length: 250_000 }, (_, i) => ['аб', 'вг', 'де'][i % 3]).join('-');
    const distinct = Array.from({ length: 170_000 }, (_, i) => cyrillicWord(i)).join('-');
    const summary = await importLines('chain.jsonl', [
      { title: 'Chain wire', text: `Rhenium supply. ${chain}`, url: 'https://chain.example/repeated' },
      {
        title: 'Distinct chain wire',
        text: `Hafnium supply. ${distinct}`.slice(0, 1_000_000),
        url: 'https://chain.example/distinct',
      },
    ]);
    expect(summary).toMatchObject({ total: 2, added: 2, errors: [] });
    for (const [url, word] of [
      ['https://chain.example/repeated', 'rhenium'],
      ['https://chain.example/distinct', 'hafnium'],
    ]) {
      const { id } = await t.db.prisma.source.findUniqueOrThrow({ where: { canonicalUrl: url }, select: { id: true } });
      await editor.agent.get(`/sources/${id}`).set('Accept', 'text/html').expect(200);
      await editor.agent.get(`/api/sources/${id}/collation`).expect(200);
      expect(await find(word)).toEqual([url]);
      // Keywords stored before keywords were bounded: the page and collation still answer.
      await t.db.prisma.source.update({ where: { id }, data: { keywords: [chain, distinct] } });
      await editor.agent.get(`/sources/${id}`).set('Accept', 'text/html').expect(200);
    }
    const stats = await editor.agent.get('/api/sources/keyword-stats').query({ term: 'вг' }).expect(200);
    expect(stats.body.matches).toBe(1);
  });

  test('ordinary texts get exactly the vector they always had: title A, the first 500,000 characters B', async () => {
    // Texts of English words, however long, never reach the limit.
    const english = Array.from({ length: 60_000 }, (_, i) => `mine${i} shaft`)
      .join(' ')
      .slice(0, 900_000);
    for (const [slug, text] of [
      ['short', 'Zinc output rose at the smelter after the strike ended.'],
      ['english', english],
    ])
      await editor.agent
        .post('/api/sources')
        .set('X-CSRF-Token', editor.csrf)
        .send({ publisher: 'Plain Wire', title: `Plain ${slug}`, text, url: `https://plain.example/${slug}` })
        .expect(201);
    const rows = await t.db.prisma.$queryRawUnsafe<{ url: string; same: boolean }[]>(`
      SELECT "canonicalUrl" AS url,
        search = setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', left(text, 500000)), 'B') AS same
      FROM "Source" WHERE "canonicalUrl" LIKE 'https://plain.example/%' ORDER BY 1`);
    expect(rows).toEqual([
      { url: 'https://plain.example/english', same: true },
      { url: 'https://plain.example/short', same: true },
    ]);
  });

  test('a briefing whose sections are as long as a reviewer may make them, in CJK words, is published and found', async () => {
    const paragraph = (n: number) => distinctWords(cjkWord, 20_000, 1_000_000 + n * 10_000);
    const sections = {
      title: 'Long CJK briefing',
      thirtySecondBriefing: paragraph(0),
      technicalBrief: Array.from({ length: 50 }, (_, i) => ({
        text: distinctWords(cjkWord, 2_000, 2_000_000 + i * 1_000),
        sourceIds: [],
      })),
      ourTake: Array.from({ length: 20 }, (_, i) => paragraph(i + 1)),
    };
    // Every section within what the editor's save accepts.
    expect(sectionEditsSchema.safeParse(sections).success).toBe(true);
    const b = await makeBriefing(t.db.prisma, {
      content: exampleDraft({ ...sections, slugSuggestion: 'long-cjk-briefing' }),
    });
    const res = await editor.agent
      .post(`/api/briefings/${b.briefingId}/publish`)
      .set('X-CSRF-Token', editor.csrf)
      .send({})
      .expect(201);
    expect(res.body.path).toBe('/news/long-cjk-briefing');
    const found = await request(t.app)
      .get('/search')
      .query({ q: cjkWord(1_000_000) })
      .expect(200);
    expect(found.text).toContain('Long CJK briefing');
  });
});
