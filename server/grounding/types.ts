/** Public shapes of the grounding check. Kept free of logic so the UI and API can import them cheaply. */

export type ItemKind = 'number' | 'percent' | 'date' | 'money' | 'entity' | 'quote';
export type FlagKind = ItemKind | 'claim' | 'unknown_source';

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
  text: string;
  message: string;
  /** Offsets of the item in the section text (claims not found in any section: offsets in the claim text). */
  start: number;
  end: number;
  claimIndex?: number;
  sourceId?: string;
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
  flags: Flag[];
  supported: SupportedItem[];
  stats: { items: number; supported: number; unsupported: number };
}
