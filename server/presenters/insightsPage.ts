import type { InsightsReport, PromptComparison, FilterOptions } from '../queries/insights/insightsReport.js';
import type { InsightFilters } from '../queries/insights/briefingInsights.js';
import type { InsightGroup } from '../insights/types.js';
import { accessibleSvg, renderChart } from '../views/charts/renderChart.js';
import { COMPARE_VERSIONS, EDIT_BY_WEEK, FLAGS_BY_KIND, TIMES_BY_WEEK } from './insightsCharts.js';
import {
  MEASURE_COLUMNS,
  presentFilters,
  presentMeasures,
  round,
  type PresentedMeasures,
  type Unit,
} from './insightsPresenter.js';

const nf0 = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const nf2 = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A presented (already rounded) number as the page shows it; the CSV and API carry the number itself. */
export function formatValue(v: number | null, unit: Unit): string {
  if (v === null) return '–';
  switch (unit) {
    case 'count':
      return nf0.format(v);
    case 'share':
      return `${nf1.format(v * 100)}%`;
    case 'per1k':
    case 'rate':
      return nf2.format(v);
    case 'hours':
      return `${nf1.format(v)} h`;
    case 'tokens':
      return nf0.format(v);
    case 'usd':
      return `$${v.toFixed(4)}`;
  }
}

/** The version hash with when it was used, so a person can tell two hashes apart. */
export function versionLabel(version: string, options: FilterOptions): string {
  const o = options.promptVersions.find((v) => v.version === version);
  if (!o) return version;
  const d = (x: Date) => x.toISOString().slice(0, 10);
  return `${version} (used ${d(o.firstUsed)} to ${d(o.lastUsed)}, ${o.drafts} draft${o.drafts === 1 ? '' : 's'})`;
}

interface Table {
  id: string;
  caption: string;
  headers: string[];
  rows: { header: string; cells: string[] }[];
  csvHref?: string;
}

function query(f: Record<string, string | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

const GROUP_COLUMNS = MEASURE_COLUMNS.filter((c) =>
  [
    'briefings',
    'published',
    'editRatioMedian',
    'sentencesChangedMedian',
    'flagsRaisedPer1kWords',
    'regenerationsPerBriefing',
    'draftToSignOffHoursMedian',
    'draftToSignOffHoursP90',
    'signOffToPublishHoursMedian',
    'signOffToPublishHoursP90',
    'costUsdPerPublished',
    'driftEvents',
  ].includes(c.field),
);

function groupTable(id: string, caption: string, first: string, groups: InsightGroup[], csvHref: string): Table {
  return {
    id,
    caption,
    headers: [first, ...GROUP_COLUMNS.map((c) => c.label)],
    rows: groups.map((g) => {
      const p = presentMeasures(g);
      return { header: g.label, cells: GROUP_COLUMNS.map((c) => formatValue(p[c.field], c.unit)) };
    }),
    csvHref,
  };
}

async function chart(
  id: string,
  title: string,
  spec: Parameters<typeof renderChart>[0],
  data: object[],
  textAlternative: string,
  table: Table,
) {
  const svg = data.length ? accessibleSvg(await renderChart(spec, data), `${title}. ${textAlternative}`) : null;
  return { id, title, svg, textAlternative, table };
}

const HEADLINES: (keyof PresentedMeasures)[] = [
  'briefings',
  'published',
  'editRatioMedian',
  'sentencesChangedMedian',
  'flagsRaisedPer1kWords',
  'draftToSignOffHoursMedian',
  'signOffToPublishHoursMedian',
  'costUsdPerPublished',
];

function filterForm(filters: Partial<InsightFilters>, options: FilterOptions) {
  const f = presentFilters(filters);
  return {
    from: f.from ?? '',
    to: f.to ?? '',
    promptVersions: options.promptVersions.map((v) => ({
      value: v.version,
      label: versionLabel(v.version, options),
      selected: v.version === f.promptVersion,
    })),
    models: options.models.map((m) => ({
      value: m.model,
      label: m.offline ? `${m.model} (offline, no LLM)` : m.model,
      selected: m.model === f.model,
    })),
  };
}

/** The Insights page: headline figures, three charts each with its text alternative and table, and the groupings. */
export async function presentInsightsPage(r: InsightsReport) {
  const f = presentFilters(r.filters);
  const q = (table: string) => `/api/insights/export${query({ ...f, table })}`;
  const summary = presentMeasures(r.summary);
  const headlines = HEADLINES.map((field) => {
    const c = MEASURE_COLUMNS.find((m) => m.field === field)!;
    return { label: c.label, value: formatValue(summary[field], c.unit) };
  });

  const editSeries = r.weeklyByPromptVersion.flatMap((v) =>
    v.weeks
      .filter((w) => w.editRatioMedian !== null)
      .map((w) => ({ week: w.key, series: v.promptVersion, value: round(w.editRatioMedian, 'share') })),
  );
  const weeks = [...new Set(editSeries.map((e) => e.week))].sort();
  const versions = r.weeklyByPromptVersion.map((v) => v.promptVersion);
  const editTable: Table = {
    id: 'table-edit-by-week',
    caption: 'Median edit distance, first AI draft to signed text, by week and prompt version',
    headers: ['Week', ...versions],
    rows: weeks.map((w) => ({
      header: w,
      cells: versions.map((v) =>
        formatValue(editSeries.find((e) => e.week === w && e.series === v)?.value ?? null, 'share'),
      ),
    })),
    csvHref: q('weeks'),
  };
  const byVersion = r.byPromptVersion
    .filter((g) => g.editRatioMedian !== null)
    .map((g) => `${g.label}: ${formatValue(round(g.editRatioMedian, 'share'), 'share')} median over ${g.signed} signed`)
    .join('; ');

  const flagData = r.flagKinds.flatMap((k, i) => {
    const label = k.severity === 'unknown' ? k.kind : `${k.kind} (${k.severity})`;
    const open = k.raised - k.fixed - k.acknowledged;
    const words = r.summary.draftWords;
    const per = (n: number) => round(words ? (n / words) * 1000 : null, 'per1k');
    return [
      { kind: label, order: i, outcome: 'fixed', outcomeOrder: 0, value: per(k.fixed) },
      { kind: label, order: i, outcome: 'acknowledged', outcomeOrder: 1, value: per(k.acknowledged) },
      { kind: label, order: i, outcome: 'open', outcomeOrder: 2, value: per(open) },
    ];
  });
  const flagTable: Table = {
    id: 'table-flags',
    caption: 'Grounding flags by kind and severity: counts, and raised per 1,000 words of first AI draft',
    headers: ['Kind', 'Severity', 'Raised', 'Fixed', 'Acknowledged', 'Raised per 1,000 words'],
    rows: r.flagKinds.map((k) => ({
      header: k.kind,
      cells: [
        k.severity,
        formatValue(k.raised, 'count'),
        formatValue(k.fixed, 'count'),
        formatValue(k.acknowledged, 'count'),
        formatValue(round(k.raisedPer1kWords, 'per1k'), 'per1k'),
      ],
    })),
    csvHref: q('flags'),
  };
  const topKinds = r.flagKinds
    .slice(0, 3)
    .map((k) => `${k.kind} ${formatValue(round(k.raisedPer1kWords, 'per1k'), 'per1k')}`)
    .join(', ');

  const timeData = r.byWeek.flatMap((w) => [
    ...(w.draftToSignOffHoursMedian !== null
      ? [{ week: w.key, series: 'Draft → sign-off', value: round(w.draftToSignOffHoursMedian, 'hours') }]
      : []),
    ...(w.signOffToPublishHoursMedian !== null
      ? [{ week: w.key, series: 'Sign-off → publish', value: round(w.signOffToPublishHoursMedian, 'hours') }]
      : []),
  ]);
  const timeTable = groupTable('table-weeks', 'All measures by week of first AI draft', 'Week', r.byWeek, q('weeks'));

  const charts = await Promise.all([
    chart(
      'chart-edit',
      'How much reviewers change the AI draft',
      EDIT_BY_WEEK,
      editSeries,
      byVersion
        ? `Median word-level edit distance from the first AI draft to the signed text, per week and prompt version (0% untouched, 100% rewritten). ${byVersion}.`
        : 'No signed briefings in this selection yet.',
      editTable,
    ),
    chart(
      'chart-flags',
      'Where the drafts go wrong: grounding flags by kind',
      FLAGS_BY_KIND,
      flagData,
      topKinds
        ? `Flags raised per 1,000 words of first AI draft, split into fixed in the text, acknowledged by the reviewer, and still open. Most frequent: ${topKinds}.`
        : 'No grounding flags in this selection.',
      flagTable,
    ),
    chart(
      'chart-times',
      'Where the time goes: draft to sign-off to publish',
      TIMES_BY_WEEK,
      timeData,
      `Median hours from the first AI draft to sign-off (${formatValue(round(r.summary.draftToSignOffHoursMedian, 'hours'), 'hours')} overall, p90 ${formatValue(round(r.summary.draftToSignOffHoursP90, 'hours'), 'hours')}) and from sign-off to publication (${formatValue(round(r.summary.signOffToPublishHoursMedian, 'hours'), 'hours')}, p90 ${formatValue(round(r.summary.signOffToPublishHoursP90, 'hours'), 'hours')}), per week.`,
      timeTable,
    ),
  ]);

  const versionsForCompare = r.options.promptVersions;
  return {
    filters: filterForm(r.filters, r.options),
    headlines,
    charts,
    tables: [
      groupTable(
        'table-versions',
        'By prompt version of the first AI draft',
        'Prompt version',
        r.byPromptVersion,
        q('prompt-versions'),
      ),
      groupTable('table-models', 'By model of the first AI draft', 'Model', r.byModel, q('models')),
      groupTable('table-reviewers', 'By reviewer who signed', 'Reviewer', r.byReviewer, q('reviewers')),
    ],
    csv: {
      summary: q('summary'),
      briefings: q('briefings'),
    },
    api: `/api/insights${query(f)}`,
    compareHref:
      versionsForCompare.length >= 2
        ? `/insights/compare${query({
            a: versionsForCompare[versionsForCompare.length - 2].version,
            b: versionsForCompare[versionsForCompare.length - 1].version,
            from: f.from,
            to: f.to,
            model: f.model,
          })}`
        : null,
    empty: r.summary.briefings === 0,
  };
}

const COMPARE_MEASURES = [
  { field: 'editRatioMedian', label: 'Edit distance, median', unit: 'share' },
  { field: 'editRatioP90', label: 'Edit distance, p90', unit: 'share' },
  { field: 'sentencesChangedMedian', label: 'Sentences changed, median', unit: 'share' },
  { field: 'flagsRaisedPer1kWords', label: 'Flags raised per 1,000 words', unit: 'per1k' },
  { field: 'flagsAcknowledgedPer1kWords', label: 'Flags acknowledged per 1,000 words', unit: 'per1k' },
  { field: 'regenerationsPerBriefing', label: 'Regenerations per briefing', unit: 'rate' },
  { field: 'draftToSignOffHoursMedian', label: 'Draft → sign-off, median', unit: 'hours' },
  { field: 'costUsdPerPublished', label: 'Cost per published briefing (USD)', unit: 'usd' },
  { field: 'tokensPerPublished', label: 'Tokens per published briefing', unit: 'tokens' },
  { field: 'briefings', label: 'Briefings drafted', unit: 'count' },
  { field: 'signed', label: 'Signed off', unit: 'count' },
] as const;

/** Two prompt versions side by side: the three measures that decide whether a template is better, charted, and the rest in the table. */
export async function presentComparisonPage(c: PromptComparison) {
  const a = presentMeasures(c.a.measures);
  const b = presentMeasures(c.b.measures);
  const f = presentFilters(c.filters);
  const charted = COMPARE_MEASURES.filter((m) =>
    ['editRatioMedian', 'flagsRaisedPer1kWords', 'costUsdPerPublished'].includes(m.field),
  );
  const data = charted.flatMap((m, order) => [
    { measure: m.label, order, side: 'A', value: a[m.field] ?? 0 },
    { measure: m.label, order, side: 'B', value: b[m.field] ?? 0 },
  ]);
  const rows = COMPARE_MEASURES.map((m) => ({
    header: m.label,
    cells: [formatValue(a[m.field], m.unit), formatValue(b[m.field], m.unit)],
  }));
  const text = charted
    .map((m) => `${m.label}: A ${formatValue(a[m.field], m.unit)}, B ${formatValue(b[m.field], m.unit)}`)
    .join('; ');
  const title = 'Prompt version A against B';
  const opts = (selected: string) =>
    c.options.promptVersions.map((v) => ({
      value: v.version,
      label: versionLabel(v.version, c.options),
      selected: v.version === selected,
    }));
  return {
    a: { version: c.a.version, label: versionLabel(c.a.version, c.options), options: opts(c.a.version) },
    b: { version: c.b.version, label: versionLabel(c.b.version, c.options), options: opts(c.b.version) },
    filters: filterForm(c.filters, c.options),
    chart: {
      id: 'chart-compare',
      title,
      svg:
        c.a.measures.briefings + c.b.measures.briefings > 0
          ? accessibleSvg(await renderChart(COMPARE_VERSIONS, data), `${title}. ${text}.`)
          : null,
      textAlternative: `${text}.`,
      table: {
        id: 'table-compare',
        caption: `Prompt version A (${c.a.version}) and B (${c.b.version}) over the same period and model`,
        headers: ['Measure', `A ${c.a.version}`, `B ${c.b.version}`],
        rows,
      },
    },
    api: `/api/insights/compare${query({ a: c.a.version, b: c.b.version, from: f.from, to: f.to, model: f.model })}`,
    backHref: `/insights${query({ from: f.from, to: f.to, model: f.model })}`,
  };
}
