import { words } from './tokenize.js';

/**
 * Near-duplicate detection (syndicated copies, lightly edited rewrites) with
 * MinHash over word 5-gram shingles.
 *
 * A signature is SIGNATURE_SIZE unsigned 32-bit integers, a plain number[] so it
 * can be stored as JSON. The fraction of positions where two signatures agree
 * estimates the Jaccard similarity of the two shingle sets (standard error about
 * sqrt(J(1-J)/64), i.e. ±0.05 around 0.8).
 *
 * Threshold: 0.8. A 400-word article with one 20-word sentence rewritten keeps
 * ~0.89 of its 5-grams; two different articles on the same story, even with
 * shared quotes, stay far below 0.3. Very short texts (a few sentences) are
 * brittle with any threshold, so callers should not rely on it below ~50 words.
 */
export const SIGNATURE_SIZE = 64;
export const SHINGLE_WORDS = 5;
export const NEAR_DUPLICATE_THRESHOLD = 0.8;

export type Signature = number[];

// Global lookups are slow inside vm contexts (jest, sandboxes); keep the hot loop local.
const imul = Math.imul;

// Fixed seeds: signatures are persisted and compared across processes and
// releases, so they must never change. Derived from a fixed splitmix32 stream.
const SEEDS: Uint32Array = (() => {
  const out = new Uint32Array(SIGNATURE_SIZE);
  let s = 0x9e3779b9;
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    out[i] = (z ^ (z >>> 16)) >>> 0;
  }
  return out;
})();

function fnv1a(str: string, h = 0x811c9dc5): number {
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3 finaliser: a cheap, well-mixing permutation of 32-bit values. */
function mix(h: number): number {
  h = imul(h ^ (h >>> 16), 0x85ebca6b);
  h = imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function shingleHashes(ws: readonly string[]): Uint32Array {
  if (ws.length === 0) return new Uint32Array(0);
  const wordHashes = ws.map((w) => fnv1a(w));
  const n = Math.min(SHINGLE_WORDS, wordHashes.length);
  const out = new Uint32Array(wordHashes.length - n + 1);
  for (let i = 0; i < out.length; i++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < n; j++) h = mix((h ^ wordHashes[i + j]) + j);
    out[i] = h;
  }
  return out;
}

/** `ws`: words(text), when the caller has them already. */
export function fingerprint(text: string, ws: readonly string[] = words(text)): Signature {
  const mins = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  const shingles = shingleHashes(ws);
  const seeds = SEEDS;
  for (let s = 0; s < shingles.length; s++) {
    // Double hashing (Kirsch–Mitzenmacher): slot i uses h1 + i·h2, one multiply per
    // slot instead of a full mix, which keeps 10k-word texts at a few milliseconds.
    const h1 = shingles[s];
    const h2 = mix(h1 ^ 0x5bd1e995) | 1;
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const v = ((h1 + imul(i, h2)) ^ seeds[i]) >>> 0;
      if (v < mins[i]) mins[i] = v;
    }
  }
  return Array.from(mins);
}

const EMPTY = 0xffffffff;

/** Estimated Jaccard similarity in [0, 1]; an empty text is similar to nothing. */
export function similarity(a: Signature, b: Signature): number {
  if (a.length !== SIGNATURE_SIZE || b.length !== SIGNATURE_SIZE) {
    throw new Error(`fingerprint signatures must have ${SIGNATURE_SIZE} values`);
  }
  if (a.every((v) => v === EMPTY) || b.every((v) => v === EMPTY)) return 0;
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}

export function isNearDuplicate(
  a: string | Signature,
  b: string | Signature,
  threshold = NEAR_DUPLICATE_THRESHOLD,
): boolean {
  const sa = typeof a === 'string' ? fingerprint(a) : a;
  const sb = typeof b === 'string' ? fingerprint(b) : b;
  return similarity(sa, sb) >= threshold;
}
