import type { Signature } from '../text/fingerprint.js';

/**
 * Locality-sensitive hashing over MinHash signatures: 16 bands of 4 values.
 * Two texts with Jaccard similarity 0.8 share at least one band with
 * probability 1-(1-0.8⁴)¹⁶ ≈ 0.9998, two at 0.3 only ≈ 0.12, so the GIN index
 * on Source.lshBands turns near-duplicate search into a handful of candidates
 * that are then confirmed with the full signature.
 */
export const BANDS = 16;
export const ROWS_PER_BAND = 4;

export function lshBands(signature: Signature): string[] {
  const out: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5;
    for (let r = 0; r < ROWS_PER_BAND; r++) {
      h = Math.imul(h ^ (signature[b * ROWS_PER_BAND + r] >>> 0), 0x01000193) >>> 0;
      h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    }
    out.push(`b${b}:${h.toString(36)}`);
  }
  return out;
}

/** Postgres int4 is signed; signatures are unsigned 32-bit. */
export const toStored = (sig: Signature): number[] => sig.map((v) => v | 0);
export const fromStored = (stored: number[]): Signature => stored.map((v) => v >>> 0);
