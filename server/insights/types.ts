import type { FlagCount } from './flags.js';

/** One drafted briefing with every measure of the Insights page. Times are UTC. */
export interface BriefingInsight {
  briefingId: string;
  title: string;
  state: string;
  /** When its first AI draft was written: decides the period and week a briefing belongs to. */
  draftedAt: Date;
  week: string;
  /** Of the first AI draft's generation. */
  promptVersion: string | null;
  model: string | null;
  offline: boolean;
  /** Who signed the text that was published (or the latest valid sign-off while unpublished). */
  reviewerId: string | null;
  reviewerName: string | null;
  signedAt: Date | null;
  publishedAt: Date | null;
  draftWords: number;
  finalWords: number;
  /** Only once signed: draft → signed text. */
  editDistance: number | null;
  /** editDistance / the longer text's word count: 0 untouched, 1 rewritten. */
  editRatio: number | null;
  draftSentences: number;
  changedSentences: number | null;
  sentencesChangedShare: number | null;
  flags: FlagCount[];
  flagsRaised: number;
  flagsFixed: number;
  flagsAcknowledged: number;
  regenerations: number;
  /** All of the briefing's generations, drafts and regenerations, successful or not. */
  tokens: number;
  costUsd: number;
  draftToSignOffHours: number | null;
  signOffToPublishHours: number | null;
  driftEvents: number;
}

/** The measures of a set of briefings (all, or one prompt version, model, reviewer or week). */
export interface InsightMeasures {
  briefings: number;
  signed: number;
  published: number;
  draftWords: number;
  editRatioMedian: number | null;
  editRatioP90: number | null;
  editRatioMean: number | null;
  sentencesChangedMedian: number | null;
  sentencesChangedMean: number | null;
  flagsRaisedPer1kWords: number | null;
  flagsFixedPer1kWords: number | null;
  flagsAcknowledgedPer1kWords: number | null;
  regenerationsPerBriefing: number | null;
  draftToSignOffHoursMedian: number | null;
  draftToSignOffHoursP90: number | null;
  signOffToPublishHoursMedian: number | null;
  signOffToPublishHoursP90: number | null;
  tokensPerPublished: number | null;
  costUsdPerPublished: number | null;
  driftEvents: number;
}

export type GroupBy = 'promptVersion' | 'model' | 'reviewer' | 'week';

export interface InsightGroup extends InsightMeasures {
  key: string;
  label: string;
}

export interface FlagKindRow extends FlagCount {
  raisedPer1kWords: number | null;
  fixedPer1kWords: number | null;
  acknowledgedPer1kWords: number | null;
}
