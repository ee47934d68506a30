import { createHash } from 'node:crypto';

/**
 * Same section, kind and text give the same id on every re-check, so a reviewer's
 * "acknowledged" survives unrelated edits; repeats within one report get a suffix.
 * Flags found against a passage also hash the source's side ("fell" against "rose"),
 * so the id changes when the evidence does.
 */
export function flagIdFactory(): (sectionKey: string, kind: string, text: string, evidence?: string) => string {
  const seen = new Map<string, number>();
  return (sectionKey, kind, text, evidence) => {
    const canonical = text.replace(/\s+/g, ' ').trim();
    const parts = [sectionKey, kind, canonical];
    if (evidence !== undefined) parts.push(evidence.replace(/\s+/g, ' ').trim());
    const base = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  };
}

/** Stable id of a sentence → passage alignment: a verdict cached under it holds while both texts do. */
export function alignmentId(sentence: string, passages: { sourceId: string; field: string; text: string }[]): string {
  const h = createHash('sha256').update(sentence.replace(/\s+/g, ' ').trim());
  for (const p of passages) h.update(`\u0000${p.sourceId}\u0000${p.field}\u0000${p.text}`);
  return h.digest('hex').slice(0, 24);
}
