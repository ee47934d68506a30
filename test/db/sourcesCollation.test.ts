import { DB_KINDS, createTestDatabase, type TestDatabase } from '../support/testDb.js';
import { upsertSources } from '../../server/commands/sources/upsertSources.js';
import { collateForLead } from '../../server/sources/collation/collateForLead.js';
import { keywordStats } from '../../server/sources/search/keywordStats.js';
import { energyPiece as piece } from '../support/storyFactory.js';

describe.each(DB_KINDS)('collation picks distinctive key terms (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await upsertSources(
      db.prisma,
      null,
      Array.from({ length: 60 }, (_, i) => piece(i)),
    );
  });
  afterAll(() => db.dropAndClose());

  test("a word in every source ranks below the lead's rarer subject; facts are exact and related pieces share it", async () => {
    const YUCCA = [
      'Energy energy energy. The energy committee voted on the Yucca Mountain repository. Yucca Mountain opponents said the repository plan ignores groundwater. Energy officials defended the schedule.',
      'Nevada filed a new challenge to Yucca Mountain, arguing the repository licence review skipped seismic data. Lawyers for the state said Yucca Mountain cannot open before the courts rule.',
      'Transport of spent fuel to Yucca Mountain would cross forty states, a study found. Rail routes to the Yucca Mountain repository need new bridges, inspectors said in testimony.',
    ];
    const yucca = (i: number) =>
      piece(100 + i, {
        url: `https://desk.example/yucca/${i}`,
        title: `Yucca Mountain repository, part ${i + 1}`,
        text: YUCCA[i],
      });
    const [lead] = await upsertSources(db.prisma, null, [yucca(0), yucca(1), yucca(2)]);
    const c = await collateForLead(db.prisma, lead.id, { k: 5, tokenBudget: 2000 });

    // "energy" is the lead's most frequent word but is in all 63 sources.
    const rank = (t: string) => (c.keyTerms.includes(t) ? c.keyTerms.indexOf(t) : Infinity);
    expect(rank('yucca mountain')).toBeLessThan(rank('energy'));
    expect(c.facts[0].term).not.toBe('energy');
    for (const fact of c.facts) {
      const truth = await keywordStats(db.prisma, fact.term, { limit: 50 });
      expect(fact).toEqual({ term: fact.term, matches: truth.matches, sourceIds: truth.sources.map((s) => s.id) });
    }
    expect(c.facts.find((f) => f.term === 'yucca mountain')?.matches).toBe(3);
    // The two other Yucca pieces outrank the 60 generic energy ones.
    expect(
      c.related
        .slice(0, 2)
        .map((r) => r.title)
        .sort(),
    ).toEqual(['Yucca Mountain repository, part 2', 'Yucca Mountain repository, part 3']);
    expect(c.tokenCount).toBeLessThanOrEqual(2000);
  });
});
