/**
 * Weekdays against the aligned passage. A weekday dates what a reader relies on ("the vote is on
 * Tuesday"), yet it is neither a figure nor a name, so neither of those checks sees it. A draft
 * weekday its passage does not give is flagged where the passage gives another in its place, or
 * where no source gives it at all; one found in another passage is left to the stitching checks.
 */
import { WEEKDAYS } from '../entities.js';
import { type SentenceCheck, quote, spanOf, where } from './sentenceCheck.js';
import { inSlot, slotOf } from './slot.js';

export function checkWeekdays(c: SentenceCheck): void {
  const given = c.ptokens.filter((p) => WEEKDAYS.has(p.lower));
  for (const t of c.tokens) {
    if (!WEEKDAYS.has(t.lower) || given.some((p) => p.lower === t.lower)) continue;
    const slot = slotOf(c, t);
    const placed = slot ? given.find((p) => inSlot(slot, p.part, p)) : undefined;
    if (!placed && c.sources.some((s) => s.postings.has(t.key))) continue;
    const rival = placed ?? given[0];
    c.emit({
      kind: 'figure_mismatch',
      start: t.start,
      end: t.end,
      message: rival
        ? `Draft says ${quote(t.raw)}; the closest source passage (${where(c, rival.part)}) says ${quote(rival.raw)}.`
        : `Draft says ${quote(t.raw)}, but no source gives that day.`,
      evidence: rival ? spanOf(c, rival.part, rival.start, rival.end) : undefined,
    });
  }
}
