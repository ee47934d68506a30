import { stringify } from 'csv-stringify/sync';
import type { InsightTable } from '../schemas/insights.js';
import type { InsightsReport } from '../queries/insights/insightsReport.js';
import type { BriefingInsight } from '../insights/types.js';
import {
  MEASURE_COLUMNS,
  presentBriefingInsight,
  presentFlagKind,
  presentGroup,
  presentMeasures,
} from './insightsPresenter.js';

// A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula: a briefing title is
// text someone typed, so such a cell gets a leading apostrophe. Numbers are written as numbers.
function cell(v: unknown): string | number {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function csv(header: string[], rows: Record<string, unknown>[]): string {
  return stringify([header, ...rows.map((r) => header.map((h) => cell(r[h])))]);
}

const MEASURES = MEASURE_COLUMNS.map((c) => c.field as string);

const BRIEFING_COLUMNS = [
  'briefingId',
  'title',
  'state',
  'draftedAt',
  'week',
  'promptVersion',
  'model',
  'offline',
  'reviewerName',
  'signedAt',
  'publishedAt',
  'draftWords',
  'finalWords',
  'editDistance',
  'editRatio',
  'draftSentences',
  'changedSentences',
  'sentencesChangedShare',
  'flagsRaised',
  'flagsFixed',
  'flagsAcknowledged',
  'regenerations',
  'tokens',
  'costUsd',
  'draftToSignOffHours',
  'signOffToPublishHours',
  'driftEvents',
];

/** One table of the Insights page as CSV: the same rounded numbers the API returns, one header row. */
export function insightsCsv(table: InsightTable, report: InsightsReport, briefings: BriefingInsight[]): string {
  switch (table) {
    case 'summary':
      return csv(MEASURES, [presentMeasures(report.summary)]);
    case 'prompt-versions':
      return csv(['key', 'label', ...MEASURES], report.byPromptVersion.map(presentGroup));
    case 'models':
      return csv(['key', 'label', ...MEASURES], report.byModel.map(presentGroup));
    case 'reviewers':
      return csv(['key', 'label', ...MEASURES], report.byReviewer.map(presentGroup));
    case 'weeks':
      return csv(['key', 'label', ...MEASURES], report.byWeek.map(presentGroup));
    case 'flags':
      return csv(
        [
          'kind',
          'severity',
          'raised',
          'fixed',
          'acknowledged',
          'raisedPer1kWords',
          'fixedPer1kWords',
          'acknowledgedPer1kWords',
        ],
        report.flagKinds.map(presentFlagKind),
      );
    case 'briefings':
      return csv(BRIEFING_COLUMNS, briefings.map(presentBriefingInsight));
  }
}
