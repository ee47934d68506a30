import type { FlagKind, Severity } from './types.js';

/**
 * Which flags gate sign-off. Blocking: something in the sentence is invented, contradicts its
 * passage or states a detail no passage states. Advisory: a first name the sources never give to a
 * person they name by surname (`given_name`), certainty, a modifier standing beside
 * another word than in the passage (on human-judged summaries it fired ten times as often on correct
 * ones as on wrong ones: paraphrase moves modifiers), a sentence that joins two
 * distant passages (summaries fuse facts all the time; the reviewer judges whether the parts belong
 * together), or no passage at all, which analysis ("Our Take") has by design. A difference found on
 * a loose alignment (coverage below CLOSE_THRESHOLD) is advisory whatever its kind: the passage may
 * not be the sentence's source. Unless it is pinned: a figure, name or pronoun standing between the
 * same matched words on both sides as another one in the passage blocks however loose the rest is.
 */
export const SEVERITY: Record<FlagKind, Severity> = {
  number: 'blocking',
  percent: 'blocking',
  money: 'blocking',
  date: 'blocking',
  entity: 'blocking',
  given_name: 'advisory',
  quote: 'blocking',
  claim: 'blocking',
  unknown_source: 'blocking',
  figure_mismatch: 'blocking',
  name_mismatch: 'blocking',
  attribution: 'blocking',
  polarity: 'blocking',
  direction: 'blocking',
  stitched: 'advisory',
  modifier: 'advisory',
  certainty: 'advisory',
  unsupported_detail: 'blocking',
  no_support: 'advisory',
};

/** Severity of a stored flag; kinds this build does not know are treated as blocking. */
export function severityOf(kind: string): Severity {
  return (SEVERITY as Record<string, Severity | undefined>)[kind] ?? 'blocking';
}
