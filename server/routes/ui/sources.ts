import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ingestFeedFile } from '../../commands/sources/ingestFeedFile.js';
import { route, type AnyRoute } from '../../http/route.js';
import { editors, staff } from '../../policies/routePolicy.js';
import { hasRole, type Actor } from '../../policies/actor.js';
import { uuidParam } from '../../schemas/common.js';
import { archiveParams, PageBody, SourceSearchQuery } from '../../schemas/sources.js';
import { AppError } from '../../errors/AppError.js';
import { listPublishers, searchSources } from '../../sources/search/searchSources.js';
import { keywordStats } from '../../sources/search/keywordStats.js';
import { collateForLead } from '../../sources/collation/collateForLead.js';
import { sourceArchive, sourceDetail } from '../../queries/sourceDetail.js';
import { presentArchive, presentCollation, presentSource, presentSourceHit } from '../../presenters/sourcePresenter.js';
import { presentImportRun } from '../../presenters/feedPresenter.js';
import { importSources } from '../../commands/sources/importSources.js';
import { ingestPage, ingestSavedPage } from '../../commands/sources/ingestPage.js';
import { detectFormat } from '../../sources/imports/parseImport.js';
import { importRun, recentImportRuns } from '../../queries/importRuns.js';
import type { AppDeps } from '../../deps.js';
import { presentEmbargoForm } from '../../presenters/embargoPresenter.js';

const ImportForm = z.strictObject({
  content: z.string().trim().min(1, 'is required: choose a file or paste its lines'),
  filename: z.string().max(255).optional(),
  format: z.preprocess(
    (v) => (v === '' || v === 'auto' ? undefined : v),
    z.enum(['jsonl', 'csv'], 'must be jsonl or csv').optional(),
  ),
});
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const FeedFileForm = z.strictObject({
  url: z.preprocess(
    blank,
    z.url({ protocol: /^https?$/, error: 'must be the http(s) address the feed is published at' }).optional(),
  ),
  xml: z.string().trim().min(1, 'is required: choose the feed file or paste it'),
  publisher: z.preprocess(blank, z.string().max(200).optional()),
  filename: z.string().max(255).optional(),
});
const SavedPageForm = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be the http(s) address the page was saved from' }),
  html: z.string().trim().min(1, 'is required: choose the saved .html file or paste its source'),
  filename: z.string().max(255).optional(),
});

/** Failed form posts come back to the form with the reason, instead of a bare error page. */
function formError(e: unknown): { error: string; issues: { field: string; message: string }[] } {
  if (e instanceof AppError && e.status < 500 && e.status !== 401 && e.status !== 403 && e.status !== 404)
    return { error: e.detail, issues: e.issues ?? [] };
  if (e instanceof AppError && e.status >= 500 && e.status < 600 && e.code !== 'internal_error')
    return { error: e.detail, issues: e.issues ?? [] };
  throw e;
}

async function importPageModel(deps: AppDeps, extra: Record<string, unknown> = {}) {
  const runs = await recentImportRuns(deps.db.prisma, 10);
  return { runs: runs.map(presentImportRun), ...extra };
}

function pageLinks(query: Record<string, unknown>, page: number, pages: number) {
  const link = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '' || k === 'page') continue;
      if (v instanceof Date) params.set(k, v.toISOString().slice(0, 10));
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') params.set(k, String(v));
    }
    params.set('page', String(p));
    return `/sources?${params}`;
  };
  return { page, pages, prev: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null };
}

async function detailModel(deps: AppDeps, actor: Actor | null, id: string) {
  const source = presentSource(await sourceDetail(deps.db.prisma, id), actor);
  const stats = await Promise.all(
    source.keywords.slice(0, 6).map((k) => keywordStats(deps.db.prisma, k, { limit: 0 })),
  );
  const collation = presentCollation(await collateForLead(deps.db.prisma, id, { k: 6, tokenBudget: 2000 }));
  const llmLabel =
    deps.config.llm.apiKey || deps.config.llm.baseURL
      ? deps.config.llm.model
      : 'the offline drafter (no LLM configured)';
  return {
    llmLabel,
    source,
    // One per page shown: a double click or a resent form returns the briefing it started.
    startKey: source.can.startBriefing ? randomUUID() : null,
    embargo: presentEmbargoForm(source.notBefore, actor),
    keywordStats: stats.map((s) => ({
      term: s.term,
      matches: s.matches,
      href: `/sources?q=${encodeURIComponent(`"${s.term}"`)}`,
    })),
    collation,
  };
}

export const sourcePageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/sources',
    kind: 'page',
    policy: staff,
    summary: 'Sources: search and filter',
    query: SourceSearchQuery,
    handler: async ({ deps, actor, query }) => {
      const [result, publishers, feeds] = await Promise.all([
        searchSources(deps.db.prisma, { ...query, pageSize: query.pageSize ?? 20 }),
        listPublishers(deps.db.prisma),
        deps.db.prisma.feed.findMany({ select: { id: true, title: true, url: true }, orderBy: { title: 'asc' } }),
      ]);
      const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
      const stats =
        query.q && /^[^*:()|&!-]+$/.test(query.q)
          ? await keywordStats(deps.db.prisma, query.q.replace(/"/g, ''), { from: query.from, to: query.to, limit: 0 })
          : null;
      return {
        view: 'sources/index',
        title: 'Sources',
        model: {
          query: { ...query, from: query.from?.toISOString().slice(0, 10), to: query.to?.toISOString().slice(0, 10) },
          total: result.total,
          items: result.items.map(presentSourceHit),
          pager: pageLinks(query, result.page, pages),
          publishers: publishers.map((p) => ({ ...p, selected: p.publisher === query.publisher })),
          feeds: feeds.map((f) => ({ id: f.id, title: f.title ?? f.url, selected: f.id === query.feedId })),
          origins: ['feed', 'page', 'import', 'api'].map((o) => ({ value: o, selected: o === query.origin })),
          keywordStats: stats ? { term: stats.term, matches: stats.matches } : null,
          can: { manage: hasRole(actor, 'editor') },
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/sources/import',
    kind: 'page',
    policy: editors,
    summary: 'Import sources (JSON Lines, CSV) and add article pages',
    handler: async ({ deps }) => ({
      view: 'sources/import',
      title: 'Import sources',
      model: await importPageModel(deps),
    }),
  }),
  route({
    method: 'post',
    path: '/sources/import',
    kind: 'page',
    policy: editors,
    summary: 'Import a JSON Lines or CSV file',
    body: ImportForm,
    handler: async ({ deps, actor, body }) => {
      const filename = body.filename?.trim() || 'pasted';
      try {
        const summary = await importSources(deps.db.prisma, actor, {
          content: body.content,
          filename,
          format: body.format ?? detectFormat(filename, body.content),
        });
        return {
          redirect: `/sources/import/${summary.importRunId}`,
          flash: `Imported ${filename}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.duplicates} near-duplicates, ${summary.errors.length} errors.`,
        };
      } catch (e) {
        return {
          status: 400,
          view: 'sources/import',
          title: 'Import sources',
          model: await importPageModel(deps, { importError: formError(e) }),
        };
      }
    },
  }),
  route({
    method: 'post',
    path: '/sources/page',
    kind: 'page',
    policy: editors,
    summary: 'Add an article from its web address',
    body: PageBody,
    handler: async ({ deps, actor, body }) => {
      try {
        const r = await ingestPage(deps.db.prisma, actor, body, {
          allowPrivate: deps.config.sources.allowPrivateFetch,
          lookup: deps.resolveHost,
        });
        return {
          redirect: `/sources/${r.id}`,
          flash: `Article ${r.outcome === 'duplicate' ? 'stored as a near-duplicate' : r.outcome}.`,
        };
      } catch (e) {
        return {
          status: 400,
          view: 'sources/import',
          title: 'Import sources',
          model: await importPageModel(deps, { pageError: formError(e), pageUrl: body.url }),
        };
      }
    },
  }),
  route({
    method: 'post',
    path: '/sources/feed-file',
    kind: 'page',
    policy: editors,
    summary: 'Add the items of a saved feed file (RSS, Atom, RDF, JSON Feed)',
    body: FeedFileForm,
    handler: async ({ deps, actor, body }) => {
      try {
        const r = await ingestFeedFile(deps.db.prisma, actor!, body, deps.now());
        const c = r.counts;
        const skipped = r.problems.length
          ? ` ${r.problems.length} problem(s) noted: ${r.problems.slice(0, 3).join(' ')}`
          : '';
        return {
          redirect: '/sources',
          flash: `Feed file “${r.feedTitle || body.filename || 'feed'}”: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged, ${c.duplicate} near-duplicates.${skipped}`,
        };
      } catch (e) {
        return {
          status: 400,
          view: 'sources/import',
          title: 'Import sources',
          model: await importPageModel(deps, { feedFileError: formError(e), feedFileUrl: body.url }),
        };
      }
    },
  }),
  route({
    method: 'post',
    path: '/sources/saved-page',
    kind: 'page',
    policy: editors,
    summary: 'Add an article from a saved HTML page',
    body: SavedPageForm,
    handler: async ({ deps, actor, body }) => {
      try {
        const r = await ingestSavedPage(deps.db.prisma, actor, body);
        return {
          redirect: `/sources/${r.id}`,
          flash: `Saved page ${r.outcome === 'duplicate' ? 'stored as a near-duplicate' : r.outcome}.`,
        };
      } catch (e) {
        return {
          status: 400,
          view: 'sources/import',
          title: 'Import sources',
          model: await importPageModel(deps, { savedError: formError(e), savedUrl: body.url }),
        };
      }
    },
  }),
  route({
    method: 'get',
    path: '/sources/import/:id',
    kind: 'page',
    policy: editors,
    summary: 'Import report',
    params: uuidParam,
    handler: async ({ deps, params }) => {
      const row = await importRun(deps.db.prisma, params.id);
      return { view: 'sources/importRun', title: `Import ${row.filename}`, model: { run: presentImportRun(row) } };
    },
  }),
  route({
    method: 'get',
    path: '/sources/:id',
    kind: 'page',
    policy: staff,
    summary: 'One source: text, provenance, duplicates, keyword statistics and collation',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      const model = await detailModel(deps, actor, params.id);
      return { view: 'sources/show', title: model.source.title, model };
    },
  }),
  route({
    method: 'get',
    path: '/sources/:id/archives/:archiveId',
    kind: 'page',
    policy: staff,
    summary: 'Archived raw copy of what was ingested',
    params: archiveParams,
    handler: async ({ deps, params }) => {
      const archive = presentArchive(await sourceArchive(deps.db.prisma, params.id, params.archiveId));
      return {
        view: 'sources/archive',
        title: 'Archived copy',
        model: { archive, meta: JSON.stringify(archive.meta, null, 2) },
      };
    },
  }),
];
