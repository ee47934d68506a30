import { changedSentences, sentences, wordEditDistance, words } from '../../../server/insights/text.js';
import { countFlags } from '../../../server/insights/flags.js';
import { measureBriefing } from '../../../server/insights/measureBriefing.js';
import { percentile, isoWeek } from '../../../server/insights/stats.js';

describe('word-level edit distance', () => {
  test('counts words inserted, deleted and replaced, not characters, and ignores punctuation', () => {
    expect(words('Shipments fell 20%, year-on-year.')).toEqual(['Shipments', 'fell', '20', 'year-on-year']);
    // replace "fell" by "rose" (1), delete "sharply" (1), insert "again" (1)
    expect(wordEditDistance(words('Shipments fell sharply in May.'), words('Shipments rose in May again.'))).toBe(3);
    expect(wordEditDistance([], words('a b c'))).toBe(3);
    expect(wordEditDistance(words('same text'), words('same, text!'))).toBe(0);
    // case is an edit a reviewer made
    expect(wordEditDistance(['Rare'], ['rare'])).toBe(1);
  });

  test('handles long texts with many distinct words', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `w${i}`);
    const b = [...a.slice(0, 1500), 'inserted', ...a.slice(1500, 2999)];
    expect(wordEditDistance(a, b)).toBe(2);
  });
});

describe('sentences changed', () => {
  test('a draft sentence survives only word for word, counted as a multiset', () => {
    const draft = sentences(['One. Two is here. One.']);
    expect(draft).toEqual(['One.', 'Two is here.', 'One.']);
    expect(changedSentences(draft, sentences(['One. Two is  here.']))).toBe(1);
    expect(changedSentences(draft, sentences(['One. Two was here. One.']))).toBe(1);
    expect(changedSentences(draft, [])).toBe(3);
  });
});

describe('flag counts', () => {
  test('raised across revisions, fixed when gone, acknowledged when kept with an acknowledgement', () => {
    const r1 = {
      flags: [
        { id: 'a', kind: 'number' },
        { id: 'b', kind: 'entity', severity: 'blocking' },
      ],
    };
    const r2 = {
      flags: [
        { id: 'b', kind: 'entity', severity: 'blocking' },
        { id: 'c', kind: 'number' },
        { id: 'd', kind: 'date' },
      ],
    };
    const counts = countFlags([r1], r2, new Set(['b', 'c', 'a']));
    expect(counts).toEqual([
      { kind: 'date', severity: 'unknown', raised: 1, fixed: 0, acknowledged: 0 },
      { kind: 'entity', severity: 'blocking', raised: 1, fixed: 0, acknowledged: 1 },
      // a was acknowledged once but the text changed so it is gone: fixed
      { kind: 'number', severity: 'unknown', raised: 2, fixed: 1, acknowledged: 1 },
    ]);
  });

  test('reads reports of any shape without failing', () => {
    expect(countFlags([null, { flags: 'x' }, { flags: [{ id: 1 }, null] }], undefined, new Set())).toEqual([]);
  });
});

describe('measureBriefing on hand-made content', () => {
  test('words, edit distance and sentences from the readable sections only', () => {
    const draft = {
      title: 'Lithium price falls',
      thirtySecondBriefing: 'Lithium fell 5% in May. Buyers waited.',
      technicalBrief: [{ text: 'Spot price at $10,500 a tonne.', sourceIds: [] }],
      ourTake: ['Expect volatility.'],
      keywords: ['ignored', 'words'],
    };
    const final = {
      title: 'Lithium price falls',
      thirtySecondBriefing: 'Lithium fell 5% in May. Buyers held back.',
      technicalBrief: [{ text: 'Spot price at $10,500 a tonne.', sourceIds: [] }],
      ourTake: [],
      keywords: ['other'],
    };
    const m = measureBriefing({ draft, final, reports: [], finalReport: null, acknowledgedFlagIds: new Set() });
    // draft: 3 + 5 + 2 + 6 + 2 = 18 words; final: 3 + 5 + 3 + 6 = 17
    expect(m.draftWords).toBe(18);
    expect(m.finalWords).toBe(17);
    // "waited" → "held", insert "back", delete "Expect", "volatility"
    expect(m.editDistance).toBe(4);
    // title, 2 briefing sentences, 1 bullet, 1 take = 5; "Buyers waited." and "Expect volatility." changed
    expect(m.draftSentences).toBe(5);
    expect(m.changedSentences).toBe(2);
  });
});

describe('statistics', () => {
  test('percentiles interpolate between ranks', () => {
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  test('ISO weeks', () => {
    expect(isoWeek(new Date('2026-11-02T10:00:00Z'))).toEqual({ week: '2026-W45', monday: '2026-11-02' });
    expect(isoWeek(new Date('2026-11-08T23:59:00Z'))).toEqual({ week: '2026-W45', monday: '2026-11-02' });
    expect(isoWeek(new Date('2027-01-01T00:00:00Z')).week).toBe('2026-W53');
  });
});
