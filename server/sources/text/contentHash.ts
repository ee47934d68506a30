import { createHash } from 'node:crypto';
import { stripInvisible } from './stripInvisible.js';

/**
 * Canonical form used for exact-duplicate detection: two copies that differ only
 * in Unicode presentation (full-width letters, ligatures), case, spacing or
 * invisible characters must hash the same.
 */
export function normaliseForHash(text: string): string {
  return stripInvisible(text.normalize('NFKC')).replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** sha256 (hex) of {@link normaliseForHash}(text). */
export function contentHash(text: string): string {
  return createHash('sha256').update(normaliseForHash(text), 'utf8').digest('hex');
}
