/**
 * Lowercase word tokens (letters/digits, inner apostrophes and hyphens kept) shared
 * by fingerprinting and keyword extraction so both see the same words.
 */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

export function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}
