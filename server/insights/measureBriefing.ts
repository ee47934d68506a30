import { readContent } from '../review/content.js';
import { countFlags, type FlagCount } from './flags.js';
import { changedSentences, readableParts, sentences, wordCount, wordEditDistance, words } from './text.js';

export interface BriefingMeasures {
  draftWords: number;
  finalWords: number;
  /** Word-level Levenshtein distance from the first AI draft to the final (signed or current) text. */
  editDistance: number;
  draftSentences: number;
  changedSentences: number;
  flags: FlagCount[];
}

export interface MeasureInput {
  /** Content of the briefing's first AI draft (the first revision a generation wrote). */
  draft: unknown;
  /** Content of the signed revision, or of the current one while nobody has signed. */
  final: unknown;
  /** Grounding reports of every revision up to and including the final one, oldest first. */
  reports: unknown[];
  finalReport: unknown;
  acknowledgedFlagIds: ReadonlySet<string>;
}

/** Everything the Insights page needs from a briefing's texts; pure, so it is tested on hand-made content. */
export function measureBriefing(input: MeasureInput): BriefingMeasures {
  const draftParts = readableParts(readContent(input.draft));
  const finalParts = readableParts(readContent(input.final));
  const draftSentenceList = sentences(draftParts);
  return {
    draftWords: wordCount(draftParts),
    finalWords: wordCount(finalParts),
    editDistance: wordEditDistance(draftParts.flatMap(words), finalParts.flatMap(words)),
    draftSentences: draftSentenceList.length,
    changedSentences: changedSentences(draftSentenceList, sentences(finalParts)),
    flags: countFlags(input.reports, input.finalReport, input.acknowledgedFlagIds),
  };
}
