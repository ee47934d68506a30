import type { FlagCount } from './flags.js';
import { isoWeek, mean, percentile, ratio } from './stats.js';
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
  const signed = rows.filter((r) => r.signedAt !== null);
  const published = rows.filter((r) => r.publishedAt !== null);
  const edit = signed.map((r) => r.editRatio).filter((v): v is number => v !== null);
  const changed = signed.map((r) => r.sentencesChangedShare).filter((v): v is number => v !== null);
  const toSign = rows.map((r) => r.draftToSignOffHours).filter((v): v is number => v !== null);
  const toPublish = rows.map((r) => r.signOffToPublishHours).filter((v): v is number => v !== null);
  let words = 0;
  let raised = 0;
  let fixed = 0;
  let acknowledged = 0;
  let regenerations = 0;
  let drift = 0;
  for (const r of rows) {
    words += r.draftWords;
    raised += r.flagsRaised;
    fixed += r.flagsFixed;
    acknowledged += r.flagsAcknowledged;
    regenerations += r.regenerations;
    drift += r.driftEvents;
  }
  let tokens = 0;
  let cost = 0;
  for (const r of published) {
    tokens += r.tokens;
    cost += r.costUsd;
  }
  return {
    briefings: rows.length,
    signed: signed.length,
    published: published.length,
    draftWords: words,
    editRatioMedian: percentile(edit, 0.5),
    editRatioP90: percentile(edit, 0.9),
    editRatioMean: mean(edit),
    sentencesChangedMedian: percentile(changed, 0.5),
    sentencesChangedMean: mean(changed),
    flagsRaisedPer1kWords: per1k(raised, words),
    flagsFixedPer1kWords: per1k(fixed, words),
    flagsAcknowledgedPer1kWords: per1k(acknowledged, words),
    regenerationsPerBriefing: ratio(regenerations, rows.length),
    draftToSignOffHoursMedian: percentile(toSign, 0.5),
    draftToSignOffHoursP90: percentile(toSign, 0.9),
    signOffToPublishHoursMedian: percentile(toPublish, 0.5),
    signOffToPublishHoursP90: percentile(toPublish, 0.9),
    tokensPerPublished: ratio(tokens, published.length),
    costUsdPerPublished: ratio(cost, published.length),
    driftEvents: drift,
  };
}

export const NO_PROMPT_VERSION = '(none)';
export const NOT_SIGNED = '(not signed)';

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
    const k = keyOf(r, by);
    const g = groups.get(k.key);
    if (g) {
      g.rows.push(r);
      g.first = Math.min(g.first, r.draftedAt.getTime());
    } else groups.set(k.key, { label: k.label, first: r.draftedAt.getTime(), rows: [r] });
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
