import { digitalSourceType, madeSection, type Provenance } from '../../server/publishing/render/provenance.js';

const sources: Provenance['sources'] = [
  {
    role: 'lead',
    url: 'https://www.mining.com/story',
    publisher: 'MINING.com',
    title: 'China issues licences',
    publishedAt: '2025-12-04T08:30:00.000Z',
    contentHash: 'a'.repeat(64),
  },
  {
    role: 'related',
    url: 'urn:briefing-desk:api:Wire:42',
    publisher: 'Wire',
    title: 'A wire item',
    publishedAt: null,
    contentHash: 'b'.repeat(64),
  },
];
const base = {
  reviewerName: 'Tom Sullivan',
  signedOffAt: new Date('2026-12-06T14:03:00Z'),
  corrections: [],
  recordPath: '/r',
};

describe('how this briefing was made: the section and its IPTC source type', () => {
  test('an LLM draft names model and prompt version and is AI-assisted composite text', () => {
    const p = { sources, drafting: [{ model: 'gpt-4o-mini', promptVersion: 'abc123', offline: false }] };
    const made = madeSection({ ...base, provenance: p });
    expect(made.drafting).toBe('Drafted by gpt-4o-mini with prompt version abc123.');
    expect(made.signedOff).toEqual({ iso: '2026-12-06T14:03:00.000Z', text: '6 December 2026 at 14:03 UTC' });
    expect(made.sources).toEqual([
      expect.objectContaining({
        url: 'https://www.mining.com/story',
        date: expect.objectContaining({ text: '4 December 2025' }),
      }),
      // A source without a web address is named, not linked.
      expect.objectContaining({ url: null, date: null, title: 'A wire item' }),
    ]);
    expect(digitalSourceType(p)).toBe(
      'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
    );
  });

  test('the offline drafter is named as such; text with no generation says so', () => {
    const offline = { sources, drafting: [{ model: 'offline-drafter', promptVersion: 'o1', offline: true }] };
    expect(madeSection({ ...base, provenance: offline }).drafting).toBe(
      'Drafted by the offline drafter (no language model).',
    );
    expect(digitalSourceType(offline)).toMatch(/compositeSynthetic$/);
    const human = { sources, drafting: [] };
    expect(madeSection({ ...base, provenance: human }).drafting).toBe(
      'Written by our editorial team; no AI drafting was used.',
    );
    expect(digitalSourceType(human)).toMatch(/digitalCreation$/);
    expect(digitalSourceType(undefined)).toBeNull();
  });
});
