import type { FlagKind, Severity } from './types.js';

/**
 * Which flags gate sign-off. Blocking: something in the sentence is invented or contradicts its
 * passage. Advisory: a softer difference (certainty, an unsupported stretch of wording) or no
 * passage at all, which analysis ("Our Take") has by design.
 */
export const SEVERITY: Record<FlagKind, Severity> = {
  number: 'blocking',
  percent: 'blocking',
  money: 'blocking',
  date: 'blocking',
  entity: 'blocking',
  quote: 'blocking',
  claim: 'blocking',
  unknown_source: 'blocking',
  figure_mismatch: 'blocking',
  name_mismatch: 'blocking',
  attribution: 'blocking',
  polarity: 'blocking',
  direction: 'blocking',
  stitched: 'blocking',
  modifier: 'advisory',
  certainty: 'advisory',
  unsupported_detail: 'advisory',
  no_support: 'advisory',
};

/** Severity of a stored flag; kinds this build does not know are treated as blocking. */
export function severityOf(kind: string): Severity {
  return (SEVERITY as Record<string, Severity | undefined>)[kind] ?? 'blocking';
}
