import type { ChartSpec } from '../views/charts/renderChart.js';

// The Insights page's charts. Each spec reads the named data source "table"; presenters pass the rows.

export const EDIT_BY_WEEK: ChartSpec = {
  id: 'insights-edit-by-week',
  spec: {
    width: 480,
    height: 220,
    data: { name: 'table' },
    mark: { type: 'line', point: { size: 60 }, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'week',
        type: 'ordinal',
        title: 'Week of first draft',
        axis: { labelAngle: 0, labelOverlap: 'greedy' },
      },
      y: {
        field: 'value',
        type: 'quantitative',
        title: 'Median edit distance',
        axis: { format: '.0%' },
        scale: { zero: true },
      },
      color: { field: 'series', type: 'nominal', title: 'Prompt version' },
    },
  },
};

export const FLAGS_BY_KIND: ChartSpec = {
  id: 'insights-flags-by-kind',
  spec: {
    width: 480,
    height: { step: 26 },
    data: { name: 'table' },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'kind', type: 'nominal', title: null, sort: { field: 'order' } },
      x: { field: 'value', type: 'quantitative', title: 'Flags per 1,000 words of first draft', stack: 'zero' },
      color: {
        field: 'outcome',
        type: 'nominal',
        title: 'Outcome',
        sort: ['fixed', 'acknowledged', 'open'],
        scale: { domain: ['fixed', 'acknowledged', 'open'], range: ['#009E73', '#E69F00', '#D55E00'] },
      },
      order: { field: 'outcomeOrder', type: 'quantitative' },
    },
  },
};

export const TIMES_BY_WEEK: ChartSpec = {
  id: 'insights-times-by-week',
  spec: {
    width: 480,
    height: 220,
    data: { name: 'table' },
    mark: { type: 'line', point: { size: 60 }, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'week',
        type: 'ordinal',
        title: 'Week of first draft',
        axis: { labelAngle: 0, labelOverlap: 'greedy' },
      },
      y: { field: 'value', type: 'quantitative', title: 'Median hours', scale: { zero: true } },
      color: { field: 'series', type: 'nominal', title: 'Step', sort: ['Draft → sign-off', 'Sign-off → publish'] },
    },
  },
};

export const COMPARE_VERSIONS: ChartSpec = {
  id: 'insights-compare-versions',
  spec: {
    data: { name: 'table' },
    facet: {
      column: {
        field: 'measure',
        type: 'nominal',
        title: null,
        sort: { field: 'order' },
        header: { labelFontSize: 13, labelLimit: 170 },
      },
    },
    spec: {
      width: 130,
      height: 180,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'side', type: 'nominal', title: null, axis: { labelAngle: 0, labelFontSize: 13 } },
        y: { field: 'value', type: 'quantitative', title: null, axis: { format: '~g' } },
        color: { field: 'side', type: 'nominal', legend: null },
      },
    },
    resolve: { scale: { y: 'independent' } },
  },
};
