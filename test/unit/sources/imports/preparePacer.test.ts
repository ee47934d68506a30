import { preparePacer, PREPARE_SLICE_CHARS } from '../../../../server/commands/sources/importSources.js';

/** Which records (by index) the event loop gets a turn before. */
const turnsBefore = (sizes: number[]) => {
  const pace = preparePacer();
  return sizes.flatMap((n, i) => (pace(n) ? [i] : []));
};

describe('an import prepares records in slices the event loop can interleave', () => {
  test('short records: a turn every 25', () => {
    expect(turnsBefore(Array.from({ length: 60 }, () => 2_000))).toEqual([25, 50]);
  });

  test('records of a million characters: a turn before each one after the first', () => {
    expect(turnsBefore([1_000_000, 1_000_000, 1_000_000])).toEqual([1, 2]);
  });

  test('long and short mixed: a turn once the slice would pass PREPARE_SLICE_CHARS', () => {
    const half = PREPARE_SLICE_CHARS / 2;
    expect(turnsBefore([half, half, 10, half, half])).toEqual([2, 4]);
  });
});
