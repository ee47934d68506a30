import path from 'node:path';
import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { editors, staff } from '../../policies/routePolicy.js';
import { uuidParam } from '../../schemas/common.js';
import {
  archiveParams,
  CollationQuery,
  CreateSourceBody,
  ImportJsonBody,
  KeywordStatsQuery,
  PageBody,
  SavedPageBody,
  SourceSearchQuery,
} from '../../schemas/sources.js';
import { searchSources } from '../../sources/search/searchSources.js';
import { keywordStats } from '../../sources/search/keywordStats.js';
import { collateForLead } from '../../sources/collation/collateForLead.js';
import { sourceArchive, sourceDetail } from '../../queries/sourceDetail.js';
import {
  presentArchive,
  presentCollation,
  presentKeywordStats,
  presentSource,
  presentSourceHit,
} from '../../presenters/sourcePresenter.js';
import { presentImportRun } from '../../presenters/feedPresenter.js';
import { upsertSource } from '../../commands/sources/upsertSources.js';
import { importSources } from '../../commands/sources/importSources.js';
import { ingestPage, ingestSavedPage } from '../../commands/sources/ingestPage.js';
import { invalidUtf8LinesInJsonField, uploadFormat } from '../../sources/imports/readUpload.js';
import { importUpload } from '../../commands/sources/importUpload.js';
import { parseOrThrow } from '../../http/validate.js';
import { ValidationError } from '../../errors/AppError.js';
import { importRun, recentImportRuns } from '../../queries/importRuns.js';
import type { AppDeps } from '../../deps.js';

const tags = ['sources'];
const UpsertResponse = z.object({
  outcome: z.enum(['added', 'updated', 'unchanged', 'duplicate']),
  id: z.uuid(),
  canonicalUrl: z.string(),
  duplicateOfId: z.uuid().nullable(),
});
const fetchPolicy = (deps: AppDeps) => ({
  allowPrivate: deps.config.sources.allowPrivateFetch,
  lookup: deps.resolveHost,
});
const statusFor = (outcome: string) => (outcome === 'added' || outcome === 'duplicate' ? 201 : 200);

export const sourceApiRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/sources',
    kind: 'api',
    policy: staff,
    summary:
      'Search sources: full text ("phrases", prefix*, OR, -not) with publisher, date, feed and origin filters. Near-duplicates are hidden unless includeDuplicates=true.',
    tags,
    query: SourceSearchQuery,
    handler: async ({ deps, query }) => {
      const r = await searchSources(deps.db.prisma, query);
      return { json: { total: r.total, page: r.page, pageSize: r.pageSize, items: r.items.map(presentSourceHit) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/sources/keyword-stats',
    kind: 'api',
    policy: staff,
    summary:
      'How many distinct (non-duplicate) sources match a keyword or phrase, optionally within a date window, with the matching sources listed.',
    tags,
    query: KeywordStatsQuery,
    handler: async ({ deps, query }) => ({
      json: presentKeywordStats(await keywordStats(deps.db.prisma, query.term, query)),
    }),
  }),
  route({
    method: 'post',
    path: '/api/sources',
    kind: 'api',
    policy: editors,
    summary:
      'Add or update one source (origin "api"). Same canonical URL updates; near-duplicate text is linked to the first copy. 201 when stored as new.',
    tags,
    body: CreateSourceBody,
    response: UpsertResponse,
    handler: async ({ deps, actor, body, req }) => {
      const r = await upsertSource(deps.db.prisma, actor, {
        origin: 'api',
        url: body.url ?? null,
        externalId: body.id ?? null,
        publisher: body.publisher,
        title: body.title,
        author: body.author ?? null,
        publishedAt: body.publishedAt ?? null,
        language: body.language ?? null,
        text: body.text?.trim() ? body.text : (body.body ?? ''),
        archive: {
          contentType: 'application/json',
          body: JSON.stringify(req.body, null, 2),
          meta: { via: actor!.kind },
        },
      });
      return { status: statusFor(r.outcome), json: r };
    },
  }),
  route({
    method: 'post',
    path: '/api/sources/import',
    kind: 'api',
    policy: editors,
    summary:
      'Bulk import JSON Lines or CSV (fields: title, body|text, publisher, url?, published_at?, author?, id?). Send the file as the raw body (Content-Type application/x-ndjson or text/csv, ?filename=) or JSON {content, filename?, format?}. Bad lines are reported by line; the good lines are committed together or not at all, and the run is recorded (status running → succeeded / failed / interrupted) from its first byte: see GET /api/imports/{id}.',
    tags,
    rawBody: true,
    query: z.strictObject({
      filename: z.string().max(255).optional(),
      format: z.enum(['jsonl', 'csv'], 'must be jsonl or csv').optional(),
    }),
    handler: async ({ deps, actor, req, query }) => {
      if (req.is('application/json')) {
        const body = parseOrThrow(ImportJsonBody, req.body, 'body');
        const filename = body.filename ?? query.filename ?? 'upload';
        const summary = await importSources(deps.db.prisma, actor, {
          content: body.content,
          filename,
          format: body.format ?? query.format,
          warnings: req.undecodableBytes
            ? invalidUtf8LinesInJsonField(req.undecodableBytes, 'content', body.content)
            : [],
        });
        return { status: 201, json: summary };
      }
      // The raw upload is streamed as sent: a compressed one would be read as its compressed bytes
      // and recorded as a run of unreadable lines. Refused before the run is written.
      const coding = req.get('content-encoding')?.trim().toLowerCase();
      if (coding && coding !== 'identity')
        throw new ValidationError(`Send the file uncompressed: Content-Encoding ${coding} is not read here.`, {
          issues: [{ field: 'body', message: `is sent with Content-Encoding ${coding}; send it uncompressed` }],
        });
      const format = query.format ?? uploadFormat(req);
      const summary = await importUpload(deps.db.prisma, actor, {
        body: req,
        filename: query.filename ?? 'upload',
        format,
        spoolDir: path.join(deps.config.dataDir, 'tmp'),
      });
      return { status: 201, json: summary };
    },
  }),
  route({
    method: 'post',
    path: '/api/sources/page',
    kind: 'api',
    policy: editors,
    summary:
      'Fetch an article page (SSRF-safe: public http(s) only, size/time/redirect limits) and store the extracted article.',
    tags,
    body: PageBody,
    response: UpsertResponse,
    handler: async ({ deps, actor, body }) => {
      const r = await ingestPage(deps.db.prisma, actor, body, fetchPolicy(deps));
      return { status: statusFor(r.outcome), json: r };
    },
  }),
  route({
    method: 'post',
    path: '/api/sources/saved-page',
    kind: 'api',
    policy: editors,
    summary: 'Store an article from a saved HTML page, given the address it was saved from.',
    tags,
    body: SavedPageBody,
    response: UpsertResponse,
    handler: async ({ deps, actor, body }) => {
      const r = await ingestSavedPage(deps.db.prisma, actor, body);
      return { status: statusFor(r.outcome), json: r };
    },
  }),
  route({
    method: 'get',
    path: '/api/imports',
    kind: 'api',
    policy: editors,
    summary: 'Recent import runs (running, succeeded, failed or interrupted) with their per-line reports.',
    tags,
    handler: async ({ deps }) => {
      const rows = await recentImportRuns(deps.db.prisma, 50);
      return { json: { imports: rows.map(presentImportRun) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/imports/:id',
    kind: 'api',
    policy: editors,
    summary:
      'One import run: its status (running → succeeded / failed / interrupted), why it failed, and its per-line report.',
    tags,
    params: uuidParam,
    handler: async ({ deps, params }) => {
      return { json: presentImportRun(await importRun(deps.db.prisma, params.id)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/sources/:id',
    kind: 'api',
    policy: staff,
    summary: 'One source: clean text, metadata, keywords, near-duplicates and the list of archived raw copies.',
    tags,
    params: uuidParam,
    handler: async ({ deps, actor, params }) => ({
      json: presentSource(await sourceDetail(deps.db.prisma, params.id), actor),
    }),
  }),
  route({
    method: 'get',
    path: '/api/sources/:id/archives/:archiveId',
    kind: 'api',
    policy: staff,
    summary: 'Exactly what was ingested: the raw feed item, fetched HTML, import line or API payload.',
    tags,
    params: archiveParams,
    handler: async ({ deps, params }) => ({
      json: presentArchive(await sourceArchive(deps.db.prisma, params.id, params.archiveId)),
    }),
  }),
  route({
    method: 'get',
    path: '/api/sources/:id/collation',
    kind: 'api',
    policy: staff,
    summary:
      'Collation for a lead source: key terms, top-k related sources (relevance and recency, near-duplicates excluded) trimmed to a token budget, and keyword statistics.',
    tags,
    params: uuidParam,
    query: CollationQuery,
    handler: async ({ deps, params, query }) => ({
      json: presentCollation(await collateForLead(deps.db.prisma, params.id, query)),
    }),
  }),
];
