import { createHash } from 'node:crypto';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Server-side charts: Vega-Lite specs compiled once per chart, rendered to an SVG string by Vega's
 * headless view (no DOM, no canvas, no script in the page). Vega's SVG carries its styling as
 * presentation attributes, never `style=""`, so the page's CSP needs no 'unsafe-inline'.
 */
export interface ChartSpec {
  /** Stable name of the chart's shape: its compiled form is kept under it. */
  id: string;
  /** A Vega-Lite spec whose data is the named source "table". */
  spec: TopLevelSpec;
}

const CONFIG = {
  font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  background: '#ffffff',
  view: { stroke: null },
  axis: { labelFontSize: 12, titleFontSize: 12, labelColor: '#1b1f24', titleColor: '#1b1f24', gridColor: '#e6e9ed' },
  legend: { labelFontSize: 12, titleFontSize: 12, orient: 'bottom', direction: 'horizontal', labelLimit: 320 },
  title: { fontSize: 14, anchor: 'start', color: '#1b1f24' },
  // Okabe–Ito: distinguishable with the common colour-vision deficiencies.
  range: { category: ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] },
} as const;

const runtimes = new Map<string, vega.Runtime>();
const svgs = new Map<string, string>();
const MAX_CACHED_SVGS = 200;

function runtimeOf(chart: ChartSpec): vega.Runtime {
  let r = runtimes.get(chart.id);
  if (!r) {
    const spec = { ...chart.spec, config: { ...CONFIG, ...(chart.spec.config ?? {}) } } as TopLevelSpec;
    r = vega.parse(compile(spec).spec);
    runtimes.set(chart.id, r);
  }
  return r;
}

/** The chart as SVG markup; the same chart with the same data is rendered once per process. */
export async function renderChart(chart: ChartSpec, data: object[]): Promise<string> {
  const key = createHash('sha256').update(chart.id).update('\0').update(JSON.stringify(data)).digest('base64');
  const hit = svgs.get(key);
  if (hit !== undefined) {
    svgs.delete(key); // most recently used last
    svgs.set(key, hit);
    return hit;
  }
  const view = new vega.View(runtimeOf(chart), { renderer: 'none' });
  try {
    view.data('table', data);
    const svg = await view.toSVG();
    svgs.set(key, svg);
    if (svgs.size > MAX_CACHED_SVGS) svgs.delete(svgs.keys().next().value!);
    return svg;
  } finally {
    view.finalize();
  }
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The SVG as one image for assistive technology, named by the chart's text alternative (the table under
 * it has the numbers), and scalable: the fixed size becomes a viewBox the stylesheet sizes.
 */
export function accessibleSvg(svg: string, label: string): string {
  return svg.replace(
    /^<svg\b([^>]*?) width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/,
    (_m, attrs: string, w: string, h: string) => {
      return `<svg${attrs} role="img" aria-label="${escapeAttr(label)}" focusable="false" data-width="${w}" data-height="${h}"`;
    },
  );
}
