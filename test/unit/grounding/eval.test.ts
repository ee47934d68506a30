import { fileURLToPath } from 'node:url';
import { checkGrounding, clearSourceIndexCache } from '../../../server/grounding/index.js';
import { buildEvalSet, loadReleases } from '../../../bench/grounding/evalSet.js';
import { score } from '../../../bench/grounding/score.js';
import { buildPerfCase } from '../../../bench/grounding/perfCase.js';

const fixture = fileURLToPath(new URL('../../fixtures/news/senate-press-releases-sample.jsonl', import.meta.url));
const releases = loadReleases(fixture);

describe('labelled evaluation set (real press releases, planted changes)', () => {
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

test('a 1,500-word draft against nine 2,000-word sources is checked quickly', () => {
  const input = buildPerfCase(releases);
  checkGrounding(input);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    clearSourceIndexCache();
    const t = performance.now();
    checkGrounding(input);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  // The budget is 50 ms; the slack absorbs ts-jest instrumentation and a busy CI machine.
  expect(times[2]).toBeLessThan(150);
});
