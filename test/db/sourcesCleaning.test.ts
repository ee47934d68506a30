import { DB_KINDS } from '../support/testDb.js';
import { startAppWithEditor, type Session, type TestApp } from '../support/testApp.js';
import { upsertSource } from '../../server/commands/sources/upsertSources.js';
import { ingestFeedDocument } from '../../server/commands/feeds/ingestFeedDocument.js';
import { parseFeedFile } from '../../server/sources/feeds/fetchFeed.js';

const TEXT = 'The regional mine inspector published new ventilation rules for underground coal mines this week.';

const line = (over: Record<string, string>) =>
  Buffer.from(JSON.stringify({ title: 'A title', text: TEXT, publisher: 'Clean Wire', ...over }));

describe.each(DB_KINDS)('text taken from outside is cleaned and the cleaning reported (%s)', (kind) => {
  let t: TestApp;
  let editor: Session;
  beforeAll(async () => {
    ({ t, editor } = await startAppWithEditor(kind, { WORKERS: 'false' }));
  });
  afterAll(() => t.close());

  test('an import with NUL, unpaired surrogates and bytes that are not UTF-8: stored clean, each change a line warning', async () => {
    const file = Buffer.concat([
      line({ title: 'Clean one', url: 'https://clean.example/1' }),
      Buffer.from('\n'),
      // JSON escapes: a NUL in the title, an unpaired surrogate in the text.
      line({ title: 'Nul\u0000title', text: `${TEXT} Lone \ud800 here.`, url: 'https://clean.example/2' }),
      Buffer.from('\n'),
      // Raw bytes C3 28: not UTF-8.
      Buffer.from('{"title":"Bad bytes","publisher":"Clean Wire","url":"https://clean.example/3","text":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`${TEXT}"}\n`),
      // A raw NUL byte inside a JSON string: not valid JSON, reported, and the report itself is stored.
      Buffer.from('{"title":"Raw\u0000nul","publisher":"Clean Wire","text":"x"}\n'),
    ]);
    const res = await editor.agent
      .post('/api/sources/import?filename=dirty.jsonl')
      .set('X-CSRF-Token', editor.csrf)
      .set('Content-Type', 'application/x-ndjson')
      .serialize((b: Buffer) => b as unknown as string)
      .send(file);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ total: 4, added: 3 });
    expect(res.body.errors).toEqual([{ line: 4, reason: expect.stringMatching(/not valid JSON/) }]);
    expect(res.body.warnings).toEqual([
      { line: 2, field: 'title', reason: '1 NUL character removed' },
      { line: 2, field: 'text', reason: '1 unpaired surrogate replaced by U+FFFD' },
      { line: 3, reason: expect.stringMatching(/not valid UTF-8.*U\+FFFD/) },
    ]);
    const stored = await t.db.prisma.source.findFirstOrThrow({
      where: { canonicalUrl: 'https://clean.example/2' },
      select: { title: true, text: true },
    });
    expect(stored.title).toBe('Nultitle');
    expect(stored.text).toContain('Lone \ufffd here.');
    const run = await editor.agent.get(`/api/imports/${res.body.importRunId}`).expect(200);
    expect(JSON.stringify(run.body)).toContain('1 NUL character removed');
  });

  test('the JSON form of an import with bytes that are not UTF-8: each line where they were replaced is a warning', async () => {
    // {"content": "<line 1>\n<line 2 with C3 28 and E9>\n<line 3 with a real U+FFFD>"}, the \n as JSON escapes.
    const lineOf = (n: number, title: string, text: string) =>
      JSON.stringify(JSON.stringify({ title, text, publisher: 'Clean Wire', url: `https://clean.example/json-${n}` }))
        .slice(1, -1)
        .split('@@');
    const [l1] = lineOf(1, 'Clean json line', TEXT);
    const [l2a, l2b, l2c] = lineOf(2, 'Bad @@bytes@@ here', TEXT);
    const [l3] = lineOf(3, 'Real \ufffd replacement character, sent as such', TEXT);
    const body = Buffer.concat([
      Buffer.from(`{"filename":"dirty.jsonl","content":"${l1}\\n${l2a}`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(l2b),
      Buffer.from([0xe9]),
      Buffer.from(`${l2c}\\n${l3}\\n"}`),
    ]);
    const res = await editor.agent
      .post('/api/sources/import')
      .set('X-CSRF-Token', editor.csrf)
      .set('Content-Type', 'application/json')
      .serialize((b: Buffer) => b as unknown as string)
      .send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ total: 3, added: 3, errors: [] });
    expect(res.body.warnings).toEqual([
      { line: 2, reason: 'was not valid UTF-8: 2 byte sequences replaced by U+FFFD' },
    ]);
    const run = await editor.agent.get(`/api/imports/${res.body.importRunId}`).expect(200);
    expect(JSON.stringify(run.body)).toContain('was not valid UTF-8');
  });

  test('a feed item with a NUL in its author and title: stored without it, the result says what was removed', async () => {
    const r = await upsertSource(t.db.prisma, null, {
      origin: 'feed',
      url: 'https://clean.example/feed-item',
      publisher: 'Clean Wire',
      title: 'Feed\u0000 item',
      author: 'Jo\u0000 Bloggs',
      text: TEXT,
      archive: { contentType: 'application/rss+xml', body: '<item><title>Feed\u0000 item</title></item>' },
    });
    expect(r.outcome).toBe('added');
    expect(r.cleaned).toEqual([
      { field: 'title', message: '1 NUL character removed' },
      { field: 'author', message: '1 NUL character removed' },
      { field: 'archive', message: '1 NUL character removed' },
    ]);
    const stored = await t.db.prisma.source.findUniqueOrThrow({
      where: { id: r.id },
      select: { title: true, author: true },
    });
    expect(stored).toEqual({ title: 'Feed item', author: 'Jo Bloggs' });
  });

  test('a JSON Feed item with an unpaired surrogate (its NUL the feed parser already drops): stored clean, the feed problems say so', async () => {
    const feed = parseFeedFile(
      Buffer.from(
        JSON.stringify({
          version: 'https://jsonfeed.org/version/1.1',
          title: 'Clean Wire feed',
          items: [
            {
              id: 'n1',
              url: 'https://clean.example/json-feed-1',
              title: 'Json feed item',
              content_text: `${TEXT} A NUL\u0000 and a lone \udc00 low surrogate.`,
            },
          ],
        }),
      ),
      'file:///tmp/clean-feed.json',
    );
    const r = await ingestFeedDocument(t.db.prisma, null, feed, {
      feedId: null,
      feedUrl: 'file:///tmp/clean-feed.json',
      publisher: 'Clean Wire',
      fetchedAt: new Date(),
    });
    expect(r.counts.added).toBe(1);
    expect(r.problems).toEqual(['Item 1 ("Json feed item") cleaned: text: 1 unpaired surrogate replaced by U+FFFD']);
  });
});
