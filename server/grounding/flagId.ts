import { createHash } from 'node:crypto';

/**
 * Same section, kind and text give the same id on every re-check, so a reviewer's
 * "acknowledged" survives unrelated edits; repeats within one report get a suffix.
 */
export function flagIdFactory(): (sectionKey: string, kind: string, text: string) => string {
  const seen = new Map<string, number>();
  return (sectionKey, kind, text) => {
    const canonical = text.replace(/\s+/g, ' ').trim();
    const base = createHash('sha256').update(`${sectionKey}\u0000${kind}\u0000${canonical}`).digest('hex').slice(0, 16);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  };
}
