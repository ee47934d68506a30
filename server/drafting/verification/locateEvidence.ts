import type { AlignedPassage, SourceSpan } from '../../grounding/types.js';

/**
 * Turns the model's quoted evidence into a span with offsets, by finding it in the passage it names
 * (or, failing that, in any of the sentence's passages). A quote found nowhere gives no span: a span
 * the reviewer is shown must be text the source really has.
 */
export function locateEvidence(
  passages: AlignedPassage[],
  alias: string | null,
  quote: string | null,
): SourceSpan | undefined {
  const wanted = quote?.trim();
  if (!wanted) return undefined;
  const named = passages.filter((p) => `S${p.sourceNumber}` === alias);
  for (const p of [...named, ...passages.filter((x) => !named.includes(x))]) {
    let at = p.text.indexOf(wanted);
    if (at < 0) at = p.text.toLowerCase().indexOf(wanted.toLowerCase());
    if (at < 0) continue;
    return {
      sourceId: p.sourceId,
      sourceNumber: p.sourceNumber,
      field: p.field,
      start: p.start + at,
      end: p.start + at + wanted.length,
      text: p.text.slice(at, at + wanted.length),
      paragraph: p.paragraph,
    };
  }
  return undefined;
}
