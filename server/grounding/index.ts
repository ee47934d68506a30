import { buildSourceIndex } from './sourceIndex.js';
import { sourcePassages } from './passages.js';
import type { GroundingSource } from './types.js';

export { checkGrounding } from './checkGrounding.js';
export { splitSentences, type Sentence } from './sentences.js';
export { buildSourceIndex, clearSourceIndexCache } from './sourceIndex.js';
export { clearSentenceMemo } from './sentenceMemo.js';
export type * from './types.js';

/** Indexes a source and cuts it into passages ahead of a check (both are cached with the source). */
export function prepareSource(source: GroundingSource): void {
  sourcePassages(buildSourceIndex(source));
}
