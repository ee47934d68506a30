export { checkGrounding } from './checkGrounding.js';
export { splitSentences, type Sentence } from './sentences.js';
export { buildSourceIndex, clearSourceIndexCache } from './sourceIndex.js';
export type * from './types.js';
