import { fingerprint, similarity } from '../text/fingerprint.js';

export interface VersionText {
  contentHash: string;
  text: string;
}

/**
 * Material means the article itself changed: the extracted title and text differ after the ingest
 * normalisation (case, spacing, invisible characters), the same content hash that dedupes sources.
 * Boilerplate never reaches it, because extraction keeps only the article. A MinHash estimate
 * alone would miss a changed figure in a long text (five shingles of hundreds), so it is kept only
 * as a measure of how much changed.
 */
export function compareVersions(before: VersionText, after: VersionText): { material: boolean; similarity: number } {
  if (before.contentHash === after.contentHash) return { material: false, similarity: 1 };
  return { material: true, similarity: similarity(fingerprint(before.text), fingerprint(after.text)) };
}
