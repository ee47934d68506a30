import type { InsightFilters } from '../queries/insights/briefingInsights.js';
import type {
  FilterOptions,
  InsightsReport,
  PromptComparison,
  VersionSide,
} from '../queries/insights/insightsReport.js';
import type { BriefingInsight, FlagKindRow, InsightGroup, InsightMeasures } from '../insights/types.js';

/** How a number is shown: the API and CSV round it to `dp` places, the page adds the unit. */
export type Unit = 'count' | 'share' | 'per1k' | 'rate' | 'hours' | 'tokens' | 'usd';

const DP: Record<Unit, number> = { count: 0, share: 4, per1k: 2, rate: 2, hours: 2, tokens: 1, usd: 6 };

export function round(v: number | null, unit: Unit): number | null {
  if (v === null || !Number.isFinite(v)) return null;
  const f = 10 ** DP[unit];
  return Math.round(v * f) / f;
}

export interface MeasureColumn {
  field: keyof InsightMeasures;
  label: string;
  unit: Unit;
}

/** Every aggregate measure, in the order of the page's tables and the CSV's columns. */
export const MEASURE_COLUMNS: MeasureColumn[] = [
  { field: 'briefings', label: 'Briefings drafted', unit: 'count' },
  { field: 'signed', label: 'Signed off', unit: 'count' },
  { field: 'published', label: 'Published', unit: 'count' },
  { field: 'draftWords', label: 'Words of first drafts', unit: 'count' },
  { field: 'editRatioMedian', label: 'Edit distance, median', unit: 'share' },
  { field: 'editRatioP90', label: 'Edit distance, p90', unit: 'share' },
  { field: 'editRatioMean', label: 'Edit distance, mean', unit: 'share' },
  { field: 'sentencesChangedMedian', label: 'Sentences changed, median', unit: 'share' },
  { field: 'sentencesChangedMean', label: 'Sentences changed, mean', unit: 'share' },
  { field: 'flagsRaisedPer1kWords', label: 'Flags raised per 1,000 words', unit: 'per1k' },
  { field: 'flagsFixedPer1kWords', label: 'Flags fixed per 1,000 words', unit: 'per1k' },
  { field: 'flagsAcknowledgedPer1kWords', label: 'Flags acknowledged per 1,000 words', unit: 'per1k' },
  { field: 'regenerationsPerBriefing', label: 'Regenerations per briefing', unit: 'rate' },
  { field: 'draftToSignOffHoursMedian', label: 'Draft → sign-off, median', unit: 'hours' },
  { field: 'draftToSignOffHoursP90', label: 'Draft → sign-off, p90', unit: 'hours' },
  { field: 'signOffToPublishHoursMedian', label: 'Sign-off → publish, median', unit: 'hours' },
  { field: 'signOffToPublishHoursP90', label: 'Sign-off → publish, p90', unit: 'hours' },
  { field: 'tokensPerPublished', label: 'Tokens per published briefing', unit: 'tokens' },
  { field: 'costUsdPerPublished', label: 'Cost per published briefing (USD)', unit: 'usd' },
  { field: 'driftEvents', label: 'Source drift events', unit: 'count' },
];

export type PresentedMeasures = Record<keyof InsightMeasures, number | null>;

export function presentMeasures(m: InsightMeasures): PresentedMeasures {
  const out = {} as PresentedMeasures;
  for (const c of MEASURE_COLUMNS) out[c.field] = round(m[c.field], c.unit);
  return out;
}

export function presentGroup(g: InsightGroup) {
  return { key: g.key, label: g.label, ...presentMeasures(g) };
}

export function presentFlagKind(f: FlagKindRow) {
  return {
    kind: f.kind,
    severity: f.severity,
    raised: f.raised,
    fixed: f.fixed,
    acknowledged: f.acknowledged,
    raisedPer1kWords: round(f.raisedPer1kWords, 'per1k'),
    fixedPer1kWords: round(f.fixedPer1kWords, 'per1k'),
    acknowledgedPer1kWords: round(f.acknowledgedPer1kWords, 'per1k'),
  };
}

const day = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : null);

/** The filters as the caller sent them: `to` is the last day, though the query ends at the next midnight. */
export function presentFilters(f: Partial<InsightFilters>) {
  return {
    from: day(f.from),
    to: f.to ? day(new Date(f.to.getTime() - 86_400_000)) : null,
    promptVersion: f.promptVersion ?? null,
    model: f.model ?? null,
  };
}

export function presentOptions(o: FilterOptions) {
  return {
    promptVersions: o.promptVersions.map((v) => ({
      version: v.version,
      firstUsed: v.firstUsed.toISOString(),
      lastUsed: v.lastUsed.toISOString(),
      drafts: v.drafts,
    })),
    models: o.models.map((m) => ({ model: m.model, offline: m.offline, drafts: m.drafts })),
  };
}

export function presentInsightsReport(r: InsightsReport) {
  return {
    filters: presentFilters(r.filters),
    summary: presentMeasures(r.summary),
    byPromptVersion: r.byPromptVersion.map(presentGroup),
    byModel: r.byModel.map(presentGroup),
    byReviewer: r.byReviewer.map(presentGroup),
    byWeek: r.byWeek.map(presentGroup),
    flagKinds: r.flagKinds.map(presentFlagKind),
    options: presentOptions(r.options),
  };
}

function presentSide(s: VersionSide) {
  return { version: s.version, measures: presentMeasures(s.measures), flagKinds: s.flagKinds.map(presentFlagKind) };
}

export function presentComparison(c: PromptComparison) {
  return {
    filters: presentFilters(c.filters),
    a: presentSide(c.a),
    b: presentSide(c.b),
    options: presentOptions(c.options),
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentBriefingInsight(b: BriefingInsight) {
  return {
    briefingId: b.briefingId,
    title: b.title,
    state: b.state,
    draftedAt: b.draftedAt.toISOString(),
    week: b.week,
    promptVersion: b.promptVersion,
    model: b.model,
    offline: b.offline,
    reviewerId: b.reviewerId,
    reviewerName: b.reviewerName,
    signedAt: iso(b.signedAt),
    publishedAt: iso(b.publishedAt),
    draftWords: b.draftWords,
    finalWords: b.finalWords,
    editDistance: b.editDistance,
    editRatio: round(b.editRatio, 'share'),
    draftSentences: b.draftSentences,
    changedSentences: b.changedSentences,
    sentencesChangedShare: round(b.sentencesChangedShare, 'share'),
    flagsRaised: b.flagsRaised,
    flagsFixed: b.flagsFixed,
    flagsAcknowledged: b.flagsAcknowledged,
    flags: b.flags.map((f) => ({ ...f })),
    regenerations: b.regenerations,
    tokens: b.tokens,
    costUsd: round(b.costUsd, 'usd'),
    draftToSignOffHours: round(b.draftToSignOffHours, 'hours'),
    signOffToPublishHours: round(b.signOffToPublishHours, 'hours'),
    driftEvents: b.driftEvents,
  };
}
