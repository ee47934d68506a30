/**
 * Where each checked item sits in a section's editor text. Grounding keys flags by item
 * ("technicalBrief.2", "ourTake.0") with offsets inside the item's trimmed text; the editor holds
 * the whole section as the textarea would ("- " bullets, blank lines between paragraphs). This
 * mirrors server/review/content.ts (textToBullets, textToParagraphs, trim) so a flag's offsets
 * land on the characters the server checked.
 */
export interface ItemRange {
  key: string;
  from: number;
  to: number;
}

function trimmed(key: string, text: string, offset: number): ItemRange | null {
  const lead = text.length - text.trimStart().length;
  const body = text.trim();
  return body ? { key, from: offset + lead, to: offset + lead + body.length } : null;
}

function bullets(text: string): ItemRange[] {
  const out: ItemRange[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const marker = /^\s*[-*•]\s?/.exec(line)?.[0].length ?? 0;
    const r = trimmed(`technicalBrief.${out.length}`, line.slice(marker), at + marker);
    if (r) out.push(r);
    at += line.length + 1;
  }
  return out;
}

function paragraphs(text: string): ItemRange[] {
  const out: ItemRange[] = [];
  const gap = /\n\s*\n/g;
  let at = 0;
  for (;;) {
    const m = gap.exec(text);
    const end = m ? m.index : text.length;
    const r = trimmed(`ourTake.${out.length}`, text.slice(at, end), at);
    if (r) out.push(r);
    if (!m) return out;
    at = m.index + m[0].length;
  }
}

export function itemRanges(section: string, text: string): ItemRange[] {
  if (section === 'technicalBrief') return bullets(text);
  if (section === 'ourTake') return paragraphs(text);
  const r = trimmed(section, text, 0);
  return r ? [r] : [];
}

export interface FlagLike {
  sectionKey: string;
  start: number;
  end: number;
  text: string;
}

/** A flag's span in the editor text, or null when the text has moved on since it was found. */
export function flagSpan(items: ItemRange[], doc: string, f: FlagLike): { from: number; to: number } | null {
  const item = items.find((i) => i.key === f.sectionKey);
  if (!item || !f.text) return null;
  const from = item.from + f.start;
  if (doc.slice(from, from + f.text.length) === f.text) return { from, to: from + f.text.length };
  const at = doc.slice(item.from, item.to).indexOf(f.text);
  return at < 0 ? null : { from: item.from + at, to: item.from + at + f.text.length };
}
