export interface Range {
  start: number;
  end: number;
  /** What the view puts on the mark: a flag id, or 'evidence'. */
  ref: string;
  label?: string;
}

export interface Segment {
  text: string;
  mark?: { ref: string; label?: string; n?: number };
}

/**
 * Cuts text into blocks (split at line breaks) of plain and marked segments, for templates
 * to escape and wrap: no HTML is ever built from the text itself. Overlapping ranges keep the first.
 */
export function annotate(text: string, ranges: Range[], blockBreak = /\n+/): Segment[][] {
  const sorted = [...ranges]
    .filter((r) => r.end > r.start && r.start >= 0 && r.end <= text.length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const flat: Segment[] = [];
  let at = 0;
  let n = 0;
  for (const r of sorted) {
    if (r.start < at) continue;
    if (r.start > at) flat.push({ text: text.slice(at, r.start) });
    flat.push({ text: text.slice(r.start, r.end), mark: { ref: r.ref, label: r.label, n: ++n } });
    at = r.end;
  }
  if (at < text.length) flat.push({ text: text.slice(at) });
  const blocks: Segment[][] = [[]];
  for (const seg of flat) {
    const pieces = seg.text.split(blockBreak);
    pieces.forEach((piece, i) => {
      if (i > 0) blocks.push([]);
      if (piece) blocks[blocks.length - 1].push({ ...seg, text: piece });
    });
  }
  return blocks.filter((b) => b.length > 0);
}
