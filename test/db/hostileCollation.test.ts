import { DB_KINDS } from '../support/testDb.js';
import { startAppWithEditor, type Session, type TestApp } from '../support/testApp.js';
import { upsertSources } from '../../server/commands/sources/upsertSources.js';

/** Source text that once made collation throw or hold the server: answered correctly instead. */
describe.each(DB_KINDS)('collation of hostile source text (%s)', (kind) => {
  let t: TestApp;
  let editor: Session;

  beforeAll(async () => {
    ({ t, editor } = await startAppWithEditor(kind, { WORKERS: 'false' }));
  });
  afterAll(() => t.close());

  const source = (slug: string, title: string, text: string) => ({
    origin: 'api' as const,
    url: `https://hostile.example/${slug}`,
    publisher: 'Hostile Wire',
    title,
    text,
    publishedAt: new Date('2026-03-01T00:00:00Z'),
    archive: { contentType: 'text/plain', body: slug },
  });

  test('an article quoting "<|endoftext|>" is collated and a briefing starts from it', async () => {
    const text = 'Language models stop generating at the <|endoftext|> marker, engineers explained. '.repeat(40);
    const [lead] = await upsertSources(t.db.prisma, null, [source('tokens', 'Tokenizer markers explained', text)]);
    const c = await editor.agent.get(`/api/sources/${lead.id}/collation`).query({ tokenBudget: 500 }).expect(200);
    expect(c.body.lead.text).toContain('<|endoftext|>');
    expect(c.body.tokenCount).toBeLessThanOrEqual(500);
    const b = await editor.agent
      .post('/api/briefings')
      .set('X-CSRF-Token', editor.csrf)
      .send({ leadSourceId: lead.id })
      .expect(201);
    expect(b.body.briefing.leadSourceId).toBe(lead.id);
  });

  test('million-character words, unspaced Chinese and emoji runs are collated within the token budget', async () => {
    const title = 'Quadratic tokenizer probe';
    const [lead, ...others] = await upsertSources(t.db.prisma, null, [
      source('word', `${title} one`, 'a'.repeat(1_000_000)),
      source('chinese', `${title} two`, '中文字符'.repeat(250_000)),
      source('emoji', `${title} three`, '😀'.repeat(500_000)),
      source('marks', `${title} four`, `a${'\u0301'.repeat(999_999)}`),
    ]);
    const c = await editor.agent
      .get(`/api/sources/${lead.id}/collation`)
      .query({ k: 50, tokenBudget: 200_000 })
      .expect(200);
    expect(c.body.related.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(others.map((o) => o.id)));
    expect(c.body.tokenCount).toBeLessThanOrEqual(200_000);
    expect(c.body.tokenCount).toBeGreaterThan(100_000);
    expect('a'.repeat(1_000_000).startsWith(c.body.lead.text.replace(/ …$/, ''))).toBe(true);
  });

  test('an import of 2,000 near-copies of one text links every copy to the first, in age order', async () => {
    const body = Array.from({ length: 200 }, (_, i) => `flood${i}`).join(' ');
    const lines = Array.from({ length: 2_000 }, (_, i) =>
      JSON.stringify({
        title: `Flood ${i}`,
        publisher: 'Wire',
        url: `https://flood.example/${i}`,
        text: `${body} tail${i}`,
      }),
    );
    const res = await editor.agent
      .post('/api/sources/import')
      .query({ filename: 'flood.jsonl' })
      .set('X-CSRF-Token', editor.csrf)
      .set('Content-Type', 'application/x-ndjson')
      .send(lines.join('\n'))
      .expect(201);
    expect(res.body).toMatchObject({ total: 2_000, added: 1, duplicates: 1_999, errors: [] });
    const first = await t.db.prisma.source.findUniqueOrThrow({
      where: { canonicalUrl: 'https://flood.example/0' },
      select: { id: true, duplicateOfId: true },
    });
    expect(first.duplicateOfId).toBeNull();
    const copies = await t.db.prisma.source.groupBy({
      by: ['duplicateOfId'],
      where: { canonicalUrl: { startsWith: 'https://flood.example/' }, NOT: { id: first.id } },
      _count: true,
    });
    expect(copies).toEqual([{ duplicateOfId: first.id, _count: 1_999 }]);
  });
});
