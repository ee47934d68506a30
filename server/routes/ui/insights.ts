import { route, type AnyRoute } from '../../http/route.js';
import { editors } from '../../policies/routePolicy.js';
import { ComparePageQuery, InsightsQuery, periodOf } from '../../schemas/insights.js';
import { loadFilterOptions, loadInsightsReport, loadPromptComparison } from '../../queries/insights/insightsReport.js';
import { presentComparisonPage, presentInsightsPage } from '../../presenters/insightsPage.js';

export const insightsPageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/insights',
    kind: 'page',
    policy: editors,
    summary: 'Insights: how much reviewers change the drafts, where drafts go wrong, what each prompt version costs',
    query: InsightsQuery,
    handler: async ({ deps, query }) => {
      const report = await loadInsightsReport(deps.db, {
        ...periodOf(query),
        promptVersion: query.promptVersion,
        model: query.model,
      });
      return { view: 'insights/index', title: 'Insights', model: await presentInsightsPage(report) };
    },
  }),
  route({
    method: 'get',
    path: '/insights/compare',
    kind: 'page',
    policy: editors,
    summary: 'Insights: two prompt versions side by side',
    query: ComparePageQuery,
    handler: async ({ deps, query }) => {
      let { a, b } = query;
      if (!a || !b) {
        const versions = (await loadFilterOptions(deps.db)).promptVersions.map((v) => v.version);
        b ??= versions.at(-1) ?? '';
        a ??= versions.filter((v) => v !== b).at(-1) ?? b;
      }
      const c = await loadPromptComparison(deps.db, { ...periodOf(query), model: query.model }, a, b);
      return { view: 'insights/compare', title: 'Compare prompt versions', model: await presentComparisonPage(c) };
    },
  }),
];
