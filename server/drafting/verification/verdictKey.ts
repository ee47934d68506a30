import { createHash } from 'node:crypto';
import type { SentenceAlignment } from '../../grounding/types.js';

/**
 * The cache key of one verdict: sha256 of the sentence, its passages (source, field, text), the model
 * and the prompt version. Offsets and source numbers are left out on purpose: the same sentence against
 * the same passages is the same question wherever it sits in the draft.
 */
export function verdictKey(
  a: Pick<SentenceAlignment, 'text' | 'passages'>,
  model: string,
  promptVersion: string,
): string {
  const passages = a.passages.map((p) => [p.sourceId, p.field, p.text]);
  return createHash('sha256')
    .update(JSON.stringify([a.text, passages, model, promptVersion]))
    .digest('hex');
}
