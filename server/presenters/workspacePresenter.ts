/**
 * The review workspace's pieces: the draft cut into sentences (each one a link to the source passage it
 * is aligned with) and the sources cut into those passages, both from the grounding report stored with
 * the revision. Only offsets and text leave here; the template escapes every piece.
 */
import type { SentenceAlignment } from '../grounding/types.js';
import { inlineMarks, isHidden, styleAt, type InlineStyle } from '../grounding/inlineMarkdown.js';

interface Cut {
  start: number;
  end: number;
}

/** The flag fields the workspace needs (the page's flag view model satisfies this). */
export interface WorkspaceFlag {
  id: string;
  n: number;
  sectionKey: string;
  blocking: boolean;
  kindLabel: string;
  message: string;
  acknowledged: unknown;
}

export interface FlagRange extends Cut {
  flag: WorkspaceFlag;
}

/** Splits [0, length) at every boundary of every range, so each piece lies wholly inside or outside each range. */
function pieces(length: number, ranges: Cut[], from = 0): Cut[] {
  const at = new Set([from, length]);
  for (const r of ranges) {
    if (r.start > from && r.start < length) at.add(r.start);
    if (r.end > from && r.end < length) at.add(r.end);
  }
  const sorted = [...at].sort((a, b) => a - b);
  return sorted.slice(1).map((end, i) => ({ start: sorted[i], end }));
}

const inside = (p: Cut, r: Cut) => r.start <= p.start && p.end <= r.end;

/** The id of an aligned source passage: source number, field and sentence number are unique together. */
export const passageId = (sourceNumber: number, field: string, sentence: number) =>
  `passage-${sourceNumber}-${field === 'title' ? 't' : 'b'}${sentence}`;

export interface DraftSegment {
  text: string;
  flag: WorkspaceFlag | null;
  /** The first / last piece of a flag's span: the ⚑ link follows the last one. */
  flagEnd: boolean;
  diff: boolean;
  /** Markdown syntax the published page does not show: the piece keeps its place but prints nothing. */
  hidden: boolean;
  style: InlineStyle | null;
}

export interface SentenceView {
  id: string;
  n: number;
  alignmentId: string;
  href: string;
  passages: string;
  flags: string;
  openFlags: string;
  status: 'supported' | 'blocking' | 'advisory' | 'cleared' | 'unsupported';
  say: string;
}

export interface DraftPart {
  sentence: SentenceView | null;
  segments: DraftSegment[];
  /** Flags inside the sentence, linked after it (a link cannot hold another link). */
  refs: WorkspaceFlag[];
}

export interface SentenceIndex {
  next: number;
  total: number;
  sourceNumber: Map<string, number>;
}

function statusOf(flags: WorkspaceFlag[], supported: boolean): SentenceView['status'] {
  const open = flags.filter((f) => !f.acknowledged);
  if (open.some((f) => f.blocking)) return 'blocking';
  if (open.length) return 'advisory';
  if (flags.length) return 'cleared';
  return supported ? 'supported' : 'unsupported';
}

function sayOf(n: number, total: number, a: SentenceAlignment, flags: WorkspaceFlag[], where: string[]): string {
  const head = `Sentence ${n} of ${total}`;
  const support = where.length ? `aligned with ${where.join(' and ')}` : 'no supporting passage in the sources';
  const open = flags.filter((f) => !f.acknowledged);
  const flagText = open.length
    ? `${open.length} open flag${open.length === 1 ? '' : 's'}: ${open.map((f) => `${f.blocking ? 'blocking' : 'advisory'}, ${f.message}`).join('; ')}`
    : flags.length
      ? 'flags acknowledged'
      : a.passages.length
        ? 'supported'
        : '';
  return [head, support, flagText].filter(Boolean).join('. ') + '.';
}

/**
 * One checked piece of a section (a paragraph, a bullet) cut into its sentences: each sentence is a
 * part with its alignment, the flags inside it and the words that differ from its passage.
 */
export function draftParts(
  itemKey: string,
  text: string,
  alignments: SentenceAlignment[],
  flagRanges: FlagRange[],
  index: SentenceIndex,
): DraftPart[] {
  const mine = alignments
    .filter((a) => a.sectionKey === itemKey && a.end > a.start && a.start >= 0 && a.end <= text.length)
    .sort((a, b) => a.start - b.start);
  // Empty ranges (a whole sentence without support) belong to their sentence but mark no words.
  const flagsHere = flagRanges.filter((r) => r.flag.sectionKey === itemKey && r.end > r.start && r.end <= text.length);
  const diffs = mine.flatMap((a) => a.differences.flatMap((d) => (d.draft ? [d.draft] : [])));
  const marks = inlineMarks(text);
  const cuts = pieces(text.length, [...mine, ...flagsHere, ...diffs, ...marks.hidden, ...marks.styled]);
  const parts: DraftPart[] = [];
  for (const c of cuts) {
    const a = mine.find((x) => inside(c, x)) ?? null;
    const last = parts[parts.length - 1];
    let part = last;
    if (!last || (last.sentence?.alignmentId ?? null) !== (a?.id ?? null)) {
      const view = a ? sentenceView(a, flagRanges, index) : null;
      part = { sentence: view?.sentence ?? null, segments: [], refs: view?.flags ?? [] };
      parts.push(part);
    }
    const fr = flagsHere.find((r) => inside(c, r));
    part.segments.push({
      text: text.slice(c.start, c.end),
      flag: fr?.flag ?? null,
      flagEnd: Boolean(fr && fr.end === c.end),
      diff: !fr && diffs.some((d) => inside(c, d)),
      hidden: isHidden(marks, c.start, c.end),
      style: styleAt(marks, c.start, c.end),
    });
  }
  return parts;
}

function sentenceView(
  a: SentenceAlignment,
  flagRanges: FlagRange[],
  index: SentenceIndex,
): { sentence: SentenceView; flags: WorkspaceFlag[] } {
  const n = ++index.next;
  const flags = flagRanges
    .filter((r) => r.flag.sectionKey === a.sectionKey && r.start >= a.start && r.start < a.end)
    .map((r) => r.flag);
  const ids = a.passages.map((p) =>
    passageId(index.sourceNumber.get(p.sourceId) ?? p.sourceNumber, p.field, p.sentence),
  );
  const where = a.passages.map(
    (p) =>
      `S${index.sourceNumber.get(p.sourceId) ?? p.sourceNumber}, ${p.field === 'title' ? 'title' : `paragraph ${p.paragraph}`}`,
  );
  const firstOpen = flags.find((f) => !f.acknowledged);
  const sentence: SentenceView = {
    id: `sentence-${n}`,
    n,
    alignmentId: a.id,
    href: ids.length ? `#${ids[0]}` : firstOpen ? `#flag-${firstOpen.id}` : `#sentence-${n}`,
    passages: ids.join(' '),
    flags: flags.map((f) => f.id).join(' '),
    openFlags: flags
      .filter((f) => !f.acknowledged)
      .map((f) => f.id)
      .join(' '),
    status: statusOf(flags, a.passages.length > 0),
    say: sayOf(n, index.total, a, flags, where),
  };
  return { sentence, flags };
}

export interface SourceSegment {
  text: string;
  /** The selected claim's evidence (the ?claim= link). */
  evidence: boolean;
  flag: WorkspaceFlag | null;
  flagStart: boolean;
  flagEnd: boolean;
  diff: boolean;
}

export interface SourcePart {
  passage: { id: string; sentences: string } | null;
  segments: SourceSegment[];
}

export interface SourceMarks {
  /** Aligned passages: id and the draft sentences that point at it. */
  passages: (Cut & { id: string; sentences: string[] })[];
  diffs: Cut[];
  flags: FlagRange[];
  evidence: Cut[];
}

/** A source's text (or title) cut into paragraphs of passages and marks, for the template to escape. */
export function sourceParts(text: string, marks: SourceMarks, paragraphBreak: RegExp | null): SourcePart[][] {
  const paragraphs: Cut[] = [];
  if (paragraphBreak) {
    const re = new RegExp(paragraphBreak.source, 'g');
    let at = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      paragraphs.push({ start: at, end: m.index });
      at = m.index + m[0].length;
    }
    paragraphs.push({ start: at, end: text.length });
  } else paragraphs.push({ start: 0, end: text.length });
  const all = [...marks.passages, ...marks.diffs, ...marks.flags, ...marks.evidence];
  return paragraphs
    .filter((p) => p.end > p.start)
    .map((para) => {
      const parts: SourcePart[] = [];
      for (const c of pieces(para.end, all, para.start)) {
        const p = marks.passages.find((x) => inside(c, x)) ?? null;
        const last = parts[parts.length - 1];
        let part = last;
        if (!last || (last.passage?.id ?? null) !== (p?.id ?? null)) {
          part = { passage: p ? { id: p.id, sentences: p.sentences.join(' ') } : null, segments: [] };
          parts.push(part);
        }
        const fr = marks.flags.find((r) => inside(c, r));
        part.segments.push({
          text: text.slice(c.start, c.end),
          evidence: marks.evidence.some((e) => inside(c, e)),
          flag: fr?.flag ?? null,
          flagStart: Boolean(fr && fr.start === c.start),
          flagEnd: Boolean(fr && fr.end === c.end),
          diff: !fr && marks.diffs.some((d) => inside(c, d)),
        });
      }
      return parts;
    });
}
