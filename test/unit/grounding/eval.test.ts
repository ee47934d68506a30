import { fileURLToPath } from 'node:url';
import { checkGrounding } from '../../../server/grounding/index.js';
import { buildEvalSet, loadReleases } from '../../../bench/grounding/evalSet.js';
import { score } from '../../../bench/grounding/score.js';
import { buildIntrinsicSet, loadReleases as loadIntrinsic } from '../../../bench/grounding/intrinsic/buildSet.js';
import { groupFigures, scoreIntrinsic } from '../../../bench/grounding/intrinsic/score.js';
import { ERROR_KINDS, TRUE_KINDS } from '../../../bench/grounding/intrinsic/transforms.js';

const INTRINSIC_FIXTURES = ['senate-press-releases-sample.jsonl', 'senate-press-releases-intrinsic.jsonl'].map((f) =>
  fileURLToPath(new URL(`../../fixtures/news/${f}`, import.meta.url)),
);

const fixture = fileURLToPath(new URL('../../fixtures/news/senate-press-releases-sample.jsonl', import.meta.url));
const releases = loadReleases(fixture);

describe('invented-item evaluation set (real press releases, planted changes)', () => {
  const cases = buildEvalSet(releases);
  const result = score(
    cases,
    cases.map((c) => checkGrounding(c.input)),
  );

  test('the set is large and covers every kind of planted change', () => {
    expect(cases.length).toBeGreaterThanOrEqual(140);
    for (const kind of ['number', 'percent', 'money', 'date', 'entity', 'quote']) {
      expect(result.byPlantedKind.get(kind)?.planted ?? 0).toBeGreaterThanOrEqual(10);
    }
    expect(result.restyled).toBeGreaterThanOrEqual(50);
  });

  test('recall >= 0.9 and precision >= 0.85 overall', () => {
    expect(result.overall.recall).toBeGreaterThanOrEqual(0.9);
    expect(result.overall.precision).toBeGreaterThanOrEqual(0.85);
  });

  test('every kind keeps recall >= 0.85 and restyled facts stay supported', () => {
    for (const [, s] of result.byPlantedKind) expect(s.tp / s.planted).toBeGreaterThanOrEqual(0.85);
    expect(result.restyledFlagged / result.restyled).toBeLessThanOrEqual(0.05);
  });

  test('building the set is deterministic', () => {
    const again = buildEvalSet(releases);
    expect(again.map((c) => c.labels)).toEqual(cases.map((c) => c.labels));
  });
});

describe('intrinsic-error evaluation set (development part)', () => {
  // A sample of the development releases keeps the test quick; bench/grounding-intrinsic.ts runs all.
  const all = buildIntrinsicSet(loadIntrinsic(...INTRINSIC_FIXTURES.map((f) => f)));
  const dev = all.filter((c) => c.split === 'dev').slice(0, 60);
  const s = scoreIntrinsic(
    dev,
    dev.map((c) => checkGrounding(c.input)),
  );

  test('the set holds errors of every kind and true sentences of every kind, split by document', () => {
    for (const k of [...ERROR_KINDS, ...TRUE_KINDS.filter((k) => k !== 'passive')])
      expect(s.byKind.get(k)?.n ?? 0).toBeGreaterThan(0);
    const heldOut = new Set(all.filter((c) => c.split === 'heldout').map((c) => c.id));
    expect(heldOut.size).toBeGreaterThan(60);
    expect(dev.some((c) => heldOut.has(c.id))).toBe(false);
  });

  test('errors of the kinds drafts really make are caught and true rewrites pass', () => {
    const f = groupFigures(s, 'error', 'any');
    expect(f.recall).toBeGreaterThanOrEqual(0.75);
    expect(s.byGroup.true.any / s.byGroup.true.n).toBeLessThanOrEqual(0.03);
    for (const k of ['direction', 'polarity', 'number_swap', 'date_swap']) {
      const t = s.byKind.get(k)!;
      expect(t.any / t.n).toBeGreaterThanOrEqual(0.7);
    }
  });
});
