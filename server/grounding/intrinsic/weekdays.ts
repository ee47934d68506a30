/**
 * Weekdays against the aligned passage. A weekday dates what a reader relies on ("the vote is on
 * Tuesday"), yet it is neither a figure nor a name, so neither of those checks sees it. A draft
 * weekday its passage does not give is flagged where the passage gives another in its place, or
 * where no source gives it at all; one found in another passage is left to the stitching checks.
 */
import { lookupTable } from '../../util/lookupTable.js';
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

// Parts of the day, by the stretch they name; words of one stretch may stand for each other
// ("Tuesday evening", "Tuesday night").
const PART_OF_DAY = lookupTable<number>({
  dawn: 0,
  morning: 0,
  noon: 1,
  midday: 1,
  afternoon: 1,
  dusk: 2,
  evening: 2,
  night: 2,
  overnight: 2,
  midnight: 2,
});

/** A part of the day where the passage has another stretch in its place: "Tuesday morning" against "Tuesday evening". */
export function checkPartsOfDay(c: SentenceCheck): void {
  for (const t of c.tokens) {
    const mine = PART_OF_DAY[t.lower];
    if (mine === undefined) continue;
    const slot = slotOf(c, t);
    if (!slot?.before && !slot?.after) continue;
    const placed = c.ptokens.find((p) => PART_OF_DAY[p.lower] !== undefined && inSlot(slot, p.part, p));
    if (!placed || PART_OF_DAY[placed.lower] === mine) continue;
    c.emit({
      kind: 'figure_mismatch',
      start: t.start,
      end: t.end,
      message: `Draft says ${quote(t.raw)}; the closest source passage (${where(c, placed.part)}) says ${quote(placed.raw)}.`,
      evidence: spanOf(c, placed.part, placed.start, placed.end),
    });
  }
}
