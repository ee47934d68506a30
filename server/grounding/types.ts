/** Public shapes of the grounding check. Kept free of logic so the UI and API can import them cheaply. */

/** The version of the stored report shape; readers accept every earlier one (see review/grounding.ts). */
export const REPORT_VERSION = 2;

/** Items that must occur somewhere in the sources ("invented facts" when they do not). */
export type ItemKind = 'number' | 'percent' | 'date' | 'money' | 'entity' | 'quote';
/** Differences between a sentence and the passage it is aligned with. */
export type IntrinsicKind =
  | 'figure_mismatch'
  | 'name_mismatch'
  | 'attribution'
  | 'polarity'
  | 'direction'
  | 'certainty'
  | 'stitched'
  | 'modifier'
  | 'unsupported_detail'
  | 'no_support';
/** A person the sources name by surname only, given a first name by the draft (advisory). */
export type FlagKind = ItemKind | 'given_name' | 'claim' | 'unknown_source' | IntrinsicKind;

/** Blocking flags must be fixed, or acknowledged with a written note, before sign-off; advisory ones inform. */
export type Severity = 'blocking' | 'advisory';

/** A span of a source: offsets in its body (or title) text, with where a reader finds it. */
export interface SourceSpan {
  sourceId: string;
  /** 1-based position of the source in the briefing's list ("S2"). */
  sourceNumber: number;
  field: 'body' | 'title';
  start: number;
  end: number;
  text: string;
  /** Paragraph of the body, from 1 (0: the title). */
  paragraph: number;
}

export interface GroundingSection {
  key: string;
  text: string;
}

export interface GroundingClaim {
  text: string;
  sourceId: string;
  evidenceQuote: string;
}

export interface GroundingSource {
  id: string;
  text: string;
  title?: string;
  /**
   * Who published it and when: the drafting prompt shows the model both, so a draft may say
   * "Reuters reported on 3 October" where the text names neither.
   */
  publisher?: string;
  publishedAt?: Date | string | null;
}

/** A statistic the system computed itself (e.g. keyword-match counts), so it needs no source. */
export interface GroundingFact {
  label: string;
  value: number;
}

export interface GroundingInput {
  sections: GroundingSection[];
  claims?: GroundingClaim[];
  sources: GroundingSource[];
  facts?: GroundingFact[];
}

export interface Flag {
  /** Stable across re-checks of identical text, so a reviewer's acknowledgement can key on it. */
  id: string;
  sectionKey: string;
  sentence: string;
  /** Offsets of the sentence in the section text. */
  sentenceStart: number;
  sentenceEnd: number;
  kind: FlagKind;
  severity: Severity;
  text: string;
  message: string;
  /** Offsets of the item in the section text (claims not found in any section: offsets in the claim text). */
  start: number;
  end: number;
  claimIndex?: number;
  sourceId?: string;
  /** The differing span of the source ("rose" against the draft's "fell"), when there is one. */
  evidence?: SourceSpan;
  /** The alignment (sentence → passage) the flag was found on. */
  alignmentId?: string;
}

/** One aligned passage: a sentence of a source (or its title). */
export interface AlignedPassage extends SourceSpan {
  /** Sentence number in its field, from 0. */
  sentence: number;
}

/** A place where the sentence and its passage differ: either side may be missing (added or left out). */
export interface Difference {
  draft: { start: number; end: number; text: string } | null;
  source: SourceSpan | null;
}

/**
 * Where one sentence of the draft finds its support. The id hashes the sentence text and the
 * passages, so a verifier's verdict cached under it stays valid exactly as long as both are unchanged.
 */
export interface SentenceAlignment {
  id: string;
  sectionKey: string;
  /** Offsets of the sentence in the section text. */
  start: number;
  end: number;
  text: string;
  /** Weighted share of the sentence's content words found in the passages, 0..1. */
  score: number;
  shape: 'none' | 'single' | 'adjacent' | 'distant';
  /** Passages at or above the support threshold; empty when none (see the no_support flag). */
  passages: AlignedPassage[];
  differences: Difference[];
  flagIds: string[];
  /** Second opinions (e.g. a model verifier), never written by the deterministic check. */
  verdicts: AlignmentVerdict[];
}

export interface AlignmentVerdict {
  by: string;
  verdict: 'supported' | 'contradicted' | 'not_in_sources';
  evidence?: SourceSpan;
  note?: string;
  at?: string;
}

export interface SupportedItem {
  sectionKey: string;
  kind: ItemKind | 'claim';
  text: string;
  start: number;
  end: number;
  /** Set when a source backs the item; offsets are in the ORIGINAL source text. */
  sourceId?: string;
  sourceStart?: number;
  sourceEnd?: number;
  snippet?: string;
  /** Set when a system-computed fact backs the item. */
  fact?: GroundingFact;
  claimIndex?: number;
}

export interface GroundingReport {
  version: number;
  flags: Flag[];
  supported: SupportedItem[];
  alignments: SentenceAlignment[];
  stats: {
    items: number;
    supported: number;
    unsupported: number;
    sentences: number;
    aligned: number;
    blocking: number;
    advisory: number;
  };
}
