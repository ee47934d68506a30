/**
 * What every intrinsic check sees: one draft sentence, its tokens, figures and names, the
 * passage(s) it is aligned with as one token stream, and a way to raise a flag.
 */
import type { Alignment } from '../align.js';
import type { Passage, SourcePassages } from '../passages.js';
import type { WordToken } from '../tokens.js';
import type { Quantity } from '../quantities.js';
import type { EntitySpan } from '../entities.js';
import type { IntrinsicKind, SourceSpan } from '../types.js';

/** A passage token, with the passage it belongs to (offsets are in the source field's text). */
export interface PassageToken extends WordToken {
  part: Passage;
  /** Position within its passage's tokens. */
  at: number;
}

export interface SentenceCheck {
  /** The draft sentence; token, figure and name offsets are relative to it. */
  text: string;
  tokens: WordToken[];
  quantities: Quantity[];
  names: EntitySpan[];
  /** Keys of the sentence's tokens. */
  keys: Set<string>;
  align: Alignment;
  ptokens: PassageToken[];
  /** Draft token index → the passage token it corresponds to (longest common subsequence). */
  matches: Map<number, PassageToken>;
  sources: SourcePassages[];
  /** 1-based number of a source in the briefing's list. */
  sourceNumber: (sourceId: string) => number;
  emit: (flag: IntrinsicFinding) => void;
}

export interface IntrinsicFinding {
  kind: IntrinsicKind;
  /** Offsets of the draft span, relative to the sentence. */
  start: number;
  end: number;
  message: string;
  evidence?: SourceSpan;
  /** A difference that may be the draft drawing on another passage, not an error: it informs, it does not gate. */
  advisory?: boolean;
  /**
   * The passage's differing word stands between the same matched words on both sides: evidence enough
   * to block even where the sentence as a whole is only loosely aligned.
   */
  pinned?: boolean;
}

// Sources are indexed once and kept, and every sentence aligned with a passage needs its tokens in
// this form: made once per passage, not once per sentence. The fields are spelt out: with a spread
// copy ({ ...t, part, at }) the check measured markedly slower.
const withPart = new WeakMap<Passage, PassageToken[]>();

function tokensOf(part: Passage): PassageToken[] {
  let out = withPart.get(part);
  if (!out) {
    out = part.tokens.map((t, at) => ({
      raw: t.raw,
      lower: t.lower,
      start: t.start,
      end: t.end,
      key: t.key,
      content: t.content,
      norm: t.norm,
      part,
      at,
    }));
    withPart.set(part, out);
  }
  return out;
}

export function passageTokens(parts: Passage[]): PassageToken[] {
  return parts.flatMap(tokensOf);
}

/** A span of a passage (offsets in its source field's text) as the report stores it. */
export function spanOf(c: Pick<SentenceCheck, 'sourceNumber'>, part: Passage, start: number, end: number): SourceSpan {
  return {
    sourceId: part.sourceId,
    sourceNumber: c.sourceNumber(part.sourceId),
    field: part.field,
    start,
    end,
    text: part.text.slice(start - part.start, end - part.start),
    paragraph: part.paragraph,
  };
}

/** "S2, paragraph 4" or "S1, title". */
export function where(c: Pick<SentenceCheck, 'sourceNumber'>, part: Passage): string {
  const n = c.sourceNumber(part.sourceId);
  return part.field === 'title' ? `S${n}, title` : `S${n}, paragraph ${part.paragraph}`;
}

export function quote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `'${t.length > 80 ? `${t.slice(0, 77)}…` : t}'`;
}
