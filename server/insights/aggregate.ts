import type { FlagCount } from './flags.js';
import { isoWeek, mean, percentileOfSorted, ratio } from './stats.js';
import type { BriefingInsight, FlagKindRow, GroupBy, InsightGroup, InsightMeasures } from './types.js';

const per1k = (n: number, words: number) => {
  const r = ratio(n, words);
  return r === null ? null : r * 1000;
};

/**
 * The measures of a set of briefings. Edit distance and sentences changed are over the signed ones,
 * flags per 1,000 words of first AI draft over all, times over those that reached the step, tokens and
 * cost over the published ones (everything their generations used, regenerations included).
 */
export function measuresOf(rows: BriefingInsight[]): InsightMeasures {
  // One pass over the rows; the distributions are sorted once each.
  const edit: number[] = [];
  const changed: number[] = [];
  const toSign: number[] = [];
  const toPublish: number[] = [];
  let signed = 0;
  let published = 0;
  let words = 0;
  let raised = 0;
  let fixed = 0;
  let acknowledged = 0;
  let regenerations = 0;
  let drift = 0;
  let tokens = 0;
  let cost = 0;
  for (const r of rows) {
    words += r.draftWords;
    raised += r.flagsRaised;
    fixed += r.flagsFixed;
    acknowledged += r.flagsAcknowledged;
    regenerations += r.regenerations;
    drift += r.driftEvents;
    if (r.draftToSignOffHours !== null) toSign.push(r.draftToSignOffHours);
    if (r.signOffToPublishHours !== null) toPublish.push(r.signOffToPublishHours);
    if (r.signedAt !== null) {
      signed++;
      if (r.editRatio !== null) edit.push(r.editRatio);
      if (r.sentencesChangedShare !== null) changed.push(r.sentencesChangedShare);
    }
    if (r.publishedAt !== null) {
      published++;
      tokens += r.tokens;
      cost += r.costUsd;
    }
  }
  const sorted = (xs: number[]) => Float64Array.from(xs).sort();
  const e = sorted(edit);
  const c = sorted(changed);
  const s = sorted(toSign);
  const p = sorted(toPublish);
  return {
    briefings: rows.length,
    signed,
    published,
    draftWords: words,
    editRatioMedian: percentileOfSorted(e, 0.5),
    editRatioP90: percentileOfSorted(e, 0.9),
    editRatioMean: mean(edit),
    sentencesChangedMedian: percentileOfSorted(c, 0.5),
    sentencesChangedMean: mean(changed),
    flagsRaisedPer1kWords: per1k(raised, words),
    flagsFixedPer1kWords: per1k(fixed, words),
    flagsAcknowledgedPer1kWords: per1k(acknowledged, words),
    regenerationsPerBriefing: ratio(regenerations, rows.length),
    draftToSignOffHoursMedian: percentileOfSorted(s, 0.5),
    draftToSignOffHoursP90: percentileOfSorted(s, 0.9),
    signOffToPublishHoursMedian: percentileOfSorted(p, 0.5),
    signOffToPublishHoursP90: percentileOfSorted(p, 0.9),
    tokensPerPublished: ratio(tokens, published),
    costUsdPerPublished: ratio(cost, published),
    driftEvents: drift,
  };
}

export const NO_PROMPT_VERSION = '(none)';
export const NOT_SIGNED = '(not signed)';

function groupKey(r: BriefingInsight, by: GroupBy): string {
  switch (by) {
    case 'promptVersion':
      return r.promptVersion ?? NO_PROMPT_VERSION;
    case 'model':
      return r.model ?? '(unknown)';
    case 'reviewer':
      return r.reviewerId ?? NOT_SIGNED;
    case 'week':
      return r.week;
  }
}

function keyOf(r: BriefingInsight, by: GroupBy): { key: string; label: string } {
  switch (by) {
    case 'promptVersion':
      return { key: r.promptVersion ?? NO_PROMPT_VERSION, label: r.promptVersion ?? NO_PROMPT_VERSION };
    case 'model':
      return {
        key: r.model ?? '(unknown)',
        label: r.offline ? `${r.model ?? 'offline'} (offline, no LLM)` : (r.model ?? '(unknown)'),
      };
    case 'reviewer':
      return { key: r.reviewerId ?? NOT_SIGNED, label: r.reviewerName ?? 'Not signed yet' };
    case 'week':
      return { key: r.week, label: `Week of ${isoWeek(r.draftedAt).monday}` };
  }
}

/**
 * Groups in a reading order: weeks oldest first, prompt versions by when they were first used, models
 * and reviewers by name (not signed last).
 */
export function groupBy(rows: BriefingInsight[], by: GroupBy): InsightGroup[] {
  const groups = new Map<string, { label: string; first: number; rows: BriefingInsight[] }>();
  for (const r of rows) {
    const key = groupKey(r, by);
    const g = groups.get(key);
    const t = r.draftedAt.getTime();
    if (g) {
      g.rows.push(r);
      if (t < g.first) g.first = t;
    } else groups.set(key, { label: keyOf(r, by).label, first: t, rows: [r] });
  }
  const list = [...groups.entries()].map(([key, g]) => ({ key, ...g }));
  list.sort((a, b) => {
    if (by === 'week') return a.key.localeCompare(b.key);
    if (by === 'promptVersion') return a.first - b.first || a.key.localeCompare(b.key);
    if (a.key === NOT_SIGNED || b.key === NOT_SIGNED) return a.key === NOT_SIGNED ? 1 : -1;
    return a.label.localeCompare(b.label) || a.key.localeCompare(b.key);
  });
  return list.map((g) => ({ key: g.key, label: g.label, ...measuresOf(g.rows) }));
}

/** Flags of the set by kind and severity, per 1,000 words of first AI draft of the whole set. */
export function flagKinds(rows: BriefingInsight[]): FlagKindRow[] {
  const sums = new Map<string, FlagCount>();
  let words = 0;
  for (const r of rows) {
    words += r.draftWords;
    for (const f of r.flags) {
      const key = `${f.kind}\u0000${f.severity}`;
      const s = sums.get(key);
      if (s) {
        s.raised += f.raised;
        s.fixed += f.fixed;
        s.acknowledged += f.acknowledged;
      } else sums.set(key, { ...f });
    }
  }
  return [...sums.values()]
    .sort((a, b) => b.raised - a.raised || a.kind.localeCompare(b.kind) || a.severity.localeCompare(b.severity))
    .map((f) => ({
      ...f,
      raisedPer1kWords: per1k(f.raised, words),
      fixedPer1kWords: per1k(f.fixed, words),
      acknowledgedPer1kWords: per1k(f.acknowledged, words),
    }));
}
