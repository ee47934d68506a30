import { fingerprint } from '../../server/sources/text/fingerprint.js';
import { lshBands, ROWS_PER_BAND } from '../../server/sources/ingest/lsh.js';

/**
 * Texts that all share LSH band 0 yet are pairwise far from near-duplicates: the
 * hostile input of a "hot band". MinHash seeds are public, so an attacker can find,
 * for each of the band's rows, a 5-word phrase whose hash in that row is smaller
 * than any ordinary shingle's is likely to be; every text carrying those phrases
 * then has the same minima in the band's rows, and the rest of each text differs.
 */
export function bandFlood(n: number, seed = 0x1234567): { texts: string[]; band: string } {
  let s = seed >>> 0 || 1;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  const word = () => `z${rand().toString(36)}`;
  const phrases: string[] = [];
  for (let row = 0; row < ROWS_PER_BAND; row++) {
    for (;;) {
      const phrase = Array.from({ length: 5 }, word).join(' ');
      if (fingerprint(phrase)[row] < 2 ** 16) {
        phrases.push(phrase);
        break;
      }
    }
  }
  const shared = phrases.join(' ');
  const band = lshBands(fingerprint(shared))[0];
  const texts: string[] = [];
  while (texts.length < n) {
    const text = `${shared} ${Array.from({ length: 150 }, word).join(' ')}.`;
    if (lshBands(fingerprint(text))[0] === band) texts.push(text);
  }
  return { texts, band };
}
