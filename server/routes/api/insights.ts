import { route, type AnyRoute } from '../../http/route.js';
import { editors } from '../../policies/routePolicy.js';
import {
  CompareQuery,
  InsightBriefingsQuery,
  InsightsExportQuery,
  InsightsQuery,
  periodOf,
} from '../../schemas/insights.js';
import { loadBriefingInsights } from '../../queries/insights/briefingInsights.js';
import {
  loadFilterOptions,
  loadInsightsReport,
  loadPromptComparison,
  reportOf,
} from '../../queries/insights/insightsReport.js';
import {
  presentBriefingInsight,
  presentComparison,
  presentFilters,
  presentInsightsReport,
} from '../../presenters/insightsPresenter.js';
import { insightsCsv } from '../../presenters/insightsCsv.js';

const tags = ['insights'];

export const insightsApiRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/insights',
    kind: 'api',
    policy: editors,
    tags,
    query: InsightsQuery,
    summary:
      'Editorial insights for briefings first drafted in the period: edit distance, sentences changed, grounding flags per 1,000 words, regenerations, times, tokens and cost, overall and by prompt version, model, reviewer and week.',
    handler: async ({ deps, query }) => {
      const report = await loadInsightsReport(deps.db, {
        ...periodOf(query),
        promptVersion: query.promptVersion,
        model: query.model,
      });
      return { json: presentInsightsReport(report) };
    },
  }),
  route({
    method: 'get',
    path: '/api/insights/briefings',
    kind: 'api',
    policy: editors,
    tags,
    query: InsightBriefingsQuery,
    summary:
      'The measures of each drafted briefing in the period, oldest first draft first (paged with limit and offset).',
    handler: async ({ deps, query }) => {
      const filters = { ...periodOf(query), promptVersion: query.promptVersion, model: query.model };
      const rows = await loadBriefingInsights(deps.db, filters);
      return {
        json: {
          filters: presentFilters(filters),
          total: rows.length,
          limit: query.limit,
          offset: query.offset,
          briefings: rows.slice(query.offset, query.offset + query.limit).map(presentBriefingInsight),
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/insights/compare',
    kind: 'api',
    policy: editors,
    tags,
    query: CompareQuery,
    summary: 'Two prompt versions side by side over the same period and model (a and b are prompt versions).',
    handler: async ({ deps, query }) => {
      const c = await loadPromptComparison(deps.db, { ...periodOf(query), model: query.model }, query.a, query.b);
      return { json: presentComparison(c) };
    },
  }),
  route({
    method: 'get',
    path: '/api/insights/export',
    kind: 'api',
    policy: editors,
    tags,
    query: InsightsExportQuery,
    produces: 'text/csv',
    summary:
      'One table of the Insights page as CSV (text/csv): summary, prompt-versions, models, reviewers, weeks, flags or briefings; the same rounded numbers as the JSON.',
    handler: async ({ deps, query }) => {
      const filters = { ...periodOf(query), promptVersion: query.promptVersion, model: query.model };
      const [rows, options] = await Promise.all([loadBriefingInsights(deps.db, filters), loadFilterOptions(deps.db)]);
      const text = insightsCsv(query.table, reportOf(rows, filters, options), rows);
      return {
        text,
        contentType: 'text/csv; charset=utf-8',
        headers: { 'content-disposition': `attachment; filename="insights-${query.table}.csv"` },
      };
    },
  }),
];
