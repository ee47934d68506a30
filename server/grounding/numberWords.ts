import { lookupTable } from '../util/lookupTable.js';

/** English number words, enough for news copy ("twenty-five", "two hundred thousand", "a dozen"). */

const UNITS = new Map<string, number>(
  Object.entries({
    zero: 0,
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
  }),
);
const TENS = new Map<string, number>(
  Object.entries({
    twenty: 20,
    thirty: 30,
    forty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
  }),
);
// Null prototype: looked up with arbitrary words, which must never hit "constructor" and friends.
export const SCALE_WORDS: Record<string, number> = lookupTable({
  hundred: 100,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
});

/** Value of a single number word, or undefined. */
export function wordNumberValue(w: string): number | undefined {
  return UNITS.get(w) ?? TENS.get(w);
}

const NUMBER_WORDS = new Set([...UNITS.keys(), ...TENS.keys(), ...Object.keys(SCALE_WORDS), 'dozen']);

export function isNumberWord(w: string): boolean {
  return NUMBER_WORDS.has(w);
}

/**
 * Value of a run of number words ("two hundred and five", "twenty five", "three million").
 * Returns undefined when the run is not a well-formed number.
 */
export function parseNumberWords(words: string[]): number | undefined {
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words) {
    if (w === 'and') continue;
    if (w === 'dozen') {
      current = (current || 1) * 12;
      seen = true;
      continue;
    }
    const small = wordNumberValue(w);
    if (small !== undefined) {
      current += small;
      seen = true;
      continue;
    }
    const scale = SCALE_WORDS[w];
    if (scale === undefined) return undefined;
    if (scale === 100) current = (current || 1) * 100;
    else {
      total += (current || 1) * scale;
      current = 0;
    }
    seen = true;
  }
  return seen ? total + current : undefined;
}
