import type { Database } from '../../db/connect.js';
import { flagKinds, groupBy, measuresOf, NO_PROMPT_VERSION } from '../../insights/aggregate.js';
import type { BriefingInsight, FlagKindRow, InsightGroup, InsightMeasures } from '../../insights/types.js';
import { loadBriefingInsights, type InsightFilters } from './briefingInsights.js';

export interface PromptVersionOption {
  version: string;
  firstUsed: Date;
  lastUsed: Date;
  drafts: number;
}

export interface ModelOption {
  model: string;
  offline: boolean;
  drafts: number;
}

export interface FilterOptions {
  promptVersions: PromptVersionOption[];
  models: ModelOption[];
}

export interface InsightsReport {
  filters: InsightFilters;
  summary: InsightMeasures;
  byPromptVersion: InsightGroup[];
  byModel: InsightGroup[];
  byReviewer: InsightGroup[];
  byWeek: InsightGroup[];
  /** Each prompt version's weeks: how one template did over time next to another. */
  weeklyByPromptVersion: { promptVersion: string; weeks: InsightGroup[] }[];
  flagKinds: FlagKindRow[];
  options: FilterOptions;
}

/** Prompt versions and models that wrote a first draft, for the filters (whatever the filters are). */
export async function loadFilterOptions(db: Database): Promise<FilterOptions> {
  const rows = await db.sql<{
    templateVersion: string | null;
    model: string | null;
    offline: boolean;
    first: Date;
    last: Date;
    n: number;
  }>(
    `SELECT "templateVersion", model, offline, min("finishedAt") AS first, max("finishedAt") AS last, count(*)::int AS n
       FROM "Generation" WHERE kind = 'draft' AND status = 'succeeded'
      GROUP BY 1, 2, 3`,
    [],
    'insights_options',
  );
  const versions = new Map<string, PromptVersionOption>();
  const models = new Map<string, ModelOption>();
  for (const r of rows) {
    if (r.templateVersion) {
      const v = versions.get(r.templateVersion);
      const first = new Date(r.first);
      const last = new Date(r.last);
      if (!v)
        versions.set(r.templateVersion, { version: r.templateVersion, firstUsed: first, lastUsed: last, drafts: r.n });
      else {
        v.drafts += r.n;
        if (first < v.firstUsed) v.firstUsed = first;
        if (last > v.lastUsed) v.lastUsed = last;
      }
    }
    if (r.model) {
      const m = models.get(r.model);
      if (m) m.drafts += r.n;
      else models.set(r.model, { model: r.model, offline: r.offline, drafts: r.n });
    }
  }
  return {
    promptVersions: [...versions.values()].sort((a, b) => a.firstUsed.getTime() - b.firstUsed.getTime()),
    models: [...models.values()].sort((a, b) => a.model.localeCompare(b.model)),
  };
}

export function reportOf(rows: BriefingInsight[], filters: InsightFilters, options: FilterOptions): InsightsReport {
  const byPromptVersion = groupBy(rows, 'promptVersion');
  return {
    filters,
    summary: measuresOf(rows),
    byPromptVersion,
    byModel: groupBy(rows, 'model'),
    byReviewer: groupBy(rows, 'reviewer'),
    byWeek: groupBy(rows, 'week'),
    weeklyByPromptVersion: byPromptVersion.map((v) => ({
      promptVersion: v.key,
      weeks: groupBy(
        rows.filter((r) => (r.promptVersion ?? NO_PROMPT_VERSION) === v.key),
        'week',
      ),
    })),
    flagKinds: flagKinds(rows),
    options,
  };
}

/** The whole Insights report for a filter: one read of the briefings, grouped four ways. */
export async function loadInsightsReport(db: Database, filters: InsightFilters): Promise<InsightsReport> {
  const [rows, options] = await Promise.all([loadBriefingInsights(db, filters), loadFilterOptions(db)]);
  return reportOf(rows, filters, options);
}

export interface VersionSide {
  version: string;
  measures: InsightMeasures;
  flagKinds: FlagKindRow[];
}

export interface PromptComparison {
  filters: Omit<InsightFilters, 'promptVersion'>;
  a: VersionSide;
  b: VersionSide;
  options: FilterOptions;
}

/** Two prompt versions side by side over the same period and model. */
export async function loadPromptComparison(
  db: Database,
  filters: Omit<InsightFilters, 'promptVersion'>,
  a: string,
  b: string,
): Promise<PromptComparison> {
  const [rows, options] = await Promise.all([loadBriefingInsights(db, filters), loadFilterOptions(db)]);
  const side = (version: string): VersionSide => {
    const mine = rows.filter((r) => r.promptVersion === version);
    return { version, measures: measuresOf(mine), flagKinds: flagKinds(mine) };
  };
  return { filters, a: side(a), b: side(b), options };
}
