import { contentHash, replaceSection, type RevisionContent } from '../../../server/drafting/revisionContent.js';
import { partialSections } from '../../../server/drafting/generations/partialJson.js';
import { makeSourceAliases, mapDraftSources } from '../../../server/drafting/briefings/sourceAliases.js';
import { loadConfig } from '../../../server/env.js';
import { validDraft } from './sampleSources.js';

const content: RevisionContent = {
  title: 'T',
  slug: 't',
  thirtySecondBriefing: 'Brief.',
  technicalBrief: [{ text: 'Bullet one.', sourceIds: ['a'] }],
  ourTake: ['Old take one.', 'Old take two.'],
  keywords: ['k'],
  industries: [],
  products: [],
  claims: [
    { text: 'Bullet one.', sourceId: 'a', evidenceQuote: 'one' },
    { text: 'Old take one.', sourceId: 'a', evidenceQuote: 'take' },
  ],
};

describe('revision content', () => {
  test('contentHash ignores key order at every level but not content', () => {
    const shuffled = JSON.parse(
      JSON.stringify({ ...content, technicalBrief: [{ sourceIds: ['a'], text: 'Bullet one.' }] }),
    );
    const reordered = Object.fromEntries(Object.entries(shuffled).reverse());
    expect(contentHash(reordered)).toBe(contentHash(content));
    expect(contentHash({ ...content, title: 'T ' })).not.toBe(contentHash(content));
    expect(contentHash(content)).toMatch(/^[0-9a-f]{64}$/);
  });

  test("replacing one section keeps every other field and swaps only that section's claims", () => {
    const next = replaceSection(content, 'ourTake', {
      ourTake: ['New one.', 'New two.'],
      claims: [{ text: 'New one.', sourceId: 'b', evidenceQuote: 'n' }],
    });
    expect(next.technicalBrief).toBe(content.technicalBrief);
    expect(next.ourTake).toEqual(['New one.', 'New two.']);
    expect(next.claims).toEqual([content.claims[0], { text: 'New one.', sourceId: 'b', evidenceQuote: 'n' }]);
    expect(content.ourTake).toEqual(['Old take one.', 'Old take two.']);
  });
});

describe('streamed partial JSON', () => {
  const full = JSON.stringify({
    title: 'A "quoted" title',
    thirtySecondBriefing: 'Brief text.',
    technicalBrief: [{ text: 'B1', sourceIds: ['S1'] }],
    ourTake: ['P1', 'P2'],
  });

  test('sections appear as the text grows, unfinished keys are dropped, and the end result is complete', () => {
    expect(partialSections(full.slice(0, 15))).toEqual({ title: 'A "q' });
    expect(partialSections(full.slice(0, full.indexOf('thirtySecond') + 5))).toEqual({ title: 'A "quoted" title' });
    expect(partialSections(full)).toEqual({
      title: 'A "quoted" title',
      thirtySecondBriefing: 'Brief text.',
      technicalBrief: ['B1'],
      ourTake: ['P1', 'P2'],
    });
    expect(partialSections('not json at all')).toEqual({});
    expect(partialSections(null)).toEqual({});
  });
});

describe('source aliases', () => {
  test('the model sees S1…; stored content gets the real ids back', () => {
    const a = makeSourceAliases(['src_lead', 'src_rel1', 'src_rel2']);
    const asAliases = mapDraftSources(validDraft, a.toAlias);
    expect(asAliases.claims[0].sourceId).toBe('S1');
    expect(asAliases.technicalBrief[1].sourceIds).toEqual(['S2']);
    expect(mapDraftSources(asAliases, a.toId)).toEqual(validDraft);
  });
});

describe('OPENAI_PRICES', () => {
  const base = { NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp' };
  test('defaults cover common OpenAI models; overrides add local models', () => {
    expect(loadConfig(base).llm.prices['gpt-4o-mini']).toEqual({
      inputPerMTok: 0.15,
      cachedInputPerMTok: 0.075,
      outputPerMTok: 0.6,
    });
    const c = loadConfig({ ...base, OPENAI_PRICES: '{"llama3.1:8b": {"inputPerMTok": 0, "outputPerMTok": 0}}' });
    expect(c.llm.prices['llama3.1:8b']).toEqual({ inputPerMTok: 0, cachedInputPerMTok: 0, outputPerMTok: 0 });
    expect(c.llm.prices['gpt-4o']).toBeDefined();
  });

  test('a malformed table is a configuration error naming the variable', () => {
    expect(() => loadConfig({ ...base, OPENAI_PRICES: '{oops' })).toThrow(/OPENAI_PRICES: must be JSON/);
    expect(() => loadConfig({ ...base, OPENAI_PRICES: '{"m": {"inputPerMTok": -1, "outputPerMTok": 0}}' })).toThrow(
      /OPENAI_PRICES: m\.inputPerMTok/,
    );
  });
});
