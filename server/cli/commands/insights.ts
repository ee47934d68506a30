import { parseArgs } from 'node:util';
import { InsightsQuery, periodOf } from '../../schemas/insights.js';
import { zodIssues } from '../../http/validate.js';
import { loadInsightsReport } from '../../queries/insights/insightsReport.js';
import { MEASURE_COLUMNS, presentMeasures } from '../../presenters/insightsPresenter.js';
import { formatValue } from '../../presenters/insightsPage.js';
import type { CliCommand } from './types.js';

const USAGE =
  'Usage: npm run cli -- insights [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--prompt-version V] [--model M] [--by prompt-version|model|reviewer|week]';

const BY = { 'prompt-version': 'byPromptVersion', model: 'byModel', reviewer: 'byReviewer', week: 'byWeek' } as const;

/** A plain-text table: one row per measure, one column for all briefings and one per group. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

export const insightsCommand: CliCommand = {
  summary: 'Editorial insights as a table: insights --since 2026-11-01 [--by prompt-version|model|reviewer|week]',
  needsDatabase: true,
  async run({ argv, db, out, err }) {
    let values;
    try {
      values = parseArgs({
        args: argv,
        options: {
          since: { type: 'string' },
          until: { type: 'string' },
          'prompt-version': { type: 'string' },
          model: { type: 'string' },
          by: { type: 'string', default: 'prompt-version' },
        },
      }).values;
    } catch (e) {
      err.write(`${(e as Error).message}\n${USAGE}\n`);
      return 2;
    }
    const by = values.by as keyof typeof BY;
    const q = InsightsQuery.safeParse({
      from: values.since,
      to: values.until,
      promptVersion: values['prompt-version'],
      model: values.model,
    });
    if (!q.success || !(by in BY)) {
      const issues = q.success ? [] : zodIssues(q.error);
      const named = { from: '--since', to: '--until', promptVersion: '--prompt-version', model: '--model' };
      for (const i of issues) err.write(`${named[i.field as keyof typeof named] ?? i.field}: ${i.message}\n`);
      if (!(by in BY)) err.write('--by: must be prompt-version, model, reviewer or week\n');
      err.write(`${USAGE}\n`);
      return 2;
    }
    const report = await loadInsightsReport(db!, {
      ...periodOf(q.data),
      promptVersion: q.data.promptVersion,
      model: q.data.model,
    });
    const groups = report[BY[by]];
    const all = presentMeasures(report.summary);
    const each = groups.map((g) => presentMeasures(g));
    out.write(
      table(
        ['measure', 'all', ...groups.map((g) => g.label)],
        MEASURE_COLUMNS.map((c) => [
          c.label,
          formatValue(all[c.field], c.unit),
          ...each.map((m) => formatValue(m[c.field], c.unit)),
        ]),
      ),
    );
    return 0;
  },
};
