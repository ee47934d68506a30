import { route, type AnyRoute } from '../../http/route.js';
import { staff } from '../../policies/routePolicy.js';
import { briefingQueue } from '../../queries/review/briefingQueue.js';
import { llmConfigured } from '../../drafting/llmFromConfig.js';
import { revisionVerification } from '../../queries/review/revisionVerification.js';
import { alignmentsWithVerdicts } from '../../presenters/verifierPresenter.js';
import { briefingDetail } from '../../queries/review/briefingDetail.js';
import { briefingHistory } from '../../queries/review/briefingHistory.js';
import { revisionDiff } from '../../queries/review/revisionDiff.js';
import { presentQueueRow } from '../../presenters/briefingQueuePresenter.js';
import { presentBriefingJson } from '../../presenters/briefingPresenter.js';
import { presentDiff, presentHistory } from '../../presenters/briefingHistoryPresenter.js';
import { saveRevision } from '../../commands/review/saveRevision.js';
import { restoreRevision } from '../../commands/review/restoreRevision.js';
import { autosaveDraft, discardAutosave } from '../../commands/review/autosaveDraft.js';
import { NotFoundError } from '../../errors/AppError.js';
import { readContent } from '../../review/content.js';
import { readReport } from '../../review/grounding.js';
import {
  AutosaveBody,
  DiffQuery,
  QueueQuery,
  RestoreBody,
  SaveRevisionBody,
  briefingIdParam,
  revisionParam,
} from '../../schemas/review.js';

const tags = ['briefings'];

function presentSaved(r: Awaited<ReturnType<typeof saveRevision>>) {
  return {
    revision: {
      id: r.revision.id,
      number: r.revision.number,
      contentHash: r.revision.contentHash,
      createdAt: r.revision.createdAt.toISOString(),
      note: r.revision.note,
    },
    created: r.created,
    state: r.state,
    signOffsVoided: r.voided,
  };
}

/** Reading and writing briefing content: queues, detail, revisions, diffs, saves, autosave. */
export const briefingApiRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/briefings',
    kind: 'api',
    policy: staff,
    tags,
    query: QueueQuery,
    summary:
      'A review queue (tab: assigned | awaiting | approved | published | all) with filters, page and per-tab counts.',
    handler: async ({ deps, actor, query }) => {
      const f = {
        tab: query.tab,
        q: query.q,
        state: query.state,
        assigneeId: query.assignee,
        page: query.page,
        perPage: query.perPage,
      };
      const q = await briefingQueue(deps.db, actor!, f);
      return {
        json: {
          tab: f.tab,
          counts: q.counts,
          total: q.total,
          page: f.page,
          perPage: f.perPage,
          briefings: q.rows.map(presentQueueRow),
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/briefings/:id',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    summary:
      'One briefing: current content, grounding flags, generation, sign-offs, comments and what you may do (can.*).',
    handler: async ({ deps, actor, params }) => ({
      json: presentBriefingJson(await briefingDetail(deps.db.prisma, actor!, params.id), actor!, {
        llmConfigured: llmConfigured(deps.config),
      }),
    }),
  }),
  route({
    method: 'get',
    path: '/api/briefings/:id/revisions',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    summary: 'Every revision, newest first, with its author (a person or the generation) and content hash.',
    handler: async ({ deps, actor, params }) => {
      const h = presentHistory(await briefingHistory(deps.db.prisma, params.id), actor!);
      return {
        json: { briefing: h.briefing, revisions: h.revisions.map(({ fromSelected: _f, toSelected: _t, ...r }) => r) },
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/briefings/:id/revisions/:revisionId',
    kind: 'api',
    policy: staff,
    tags,
    params: revisionParam,
    summary: 'One revision with its content and grounding report.',
    handler: async ({ deps, params }) => {
      const r = await deps.db.prisma.revision.findFirst({
        where: { id: params.revisionId, briefingId: params.id },
        select: {
          id: true,
          number: true,
          content: true,
          contentHash: true,
          authorId: true,
          generationId: true,
          baseRevisionId: true,
          restoredFromId: true,
          note: true,
          grounding: true,
          createdAt: true,
        },
      });
      if (!r) throw new NotFoundError('No such revision of this briefing.');
      const report = readReport(r.grounding);
      const verification = await revisionVerification(deps.db.prisma, r.id);
      return {
        json: {
          ...r,
          content: readContent(r.content),
          grounding: { ...report, alignments: alignmentsWithVerdicts(report.alignments, verification) },
          createdAt: r.createdAt.toISOString(),
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/briefings/:id/diff',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    query: DiffQuery,
    summary: 'Word-level diff between two revisions of the briefing, section by section.',
    handler: async ({ deps, params, query }) => {
      const b = await deps.db.prisma.briefing.findUnique({
        where: { id: params.id },
        select: { id: true, title: true },
      });
      if (!b) throw new NotFoundError('No such briefing.');
      return { json: presentDiff(await revisionDiff(deps.db.prisma, params.id, query.from, query.to), b) };
    },
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/revisions',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    body: SaveRevisionBody,
    summary:
      'Save edited sections as a new revision on top of baseRevisionId. A stale base is a 409 carrying both versions and a word diff.',
    handler: async ({ deps, actor, params, body }) => ({
      status: 201,
      json: presentSaved(
        await saveRevision(deps.db.prisma, actor!, params.id, body, deps.now(), {
          verify: llmConfigured(deps.config),
        }),
      ),
    }),
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/revisions/:revisionId/restore',
    kind: 'api',
    policy: staff,
    tags,
    params: revisionParam,
    body: RestoreBody,
    summary: 'Restore an old revision as a new revision (history is never rewritten).',
    handler: async ({ deps, actor, params, body }) => ({
      status: 201,
      json: presentSaved(
        await restoreRevision(
          deps.db.prisma,
          actor!,
          params.id,
          { revisionId: params.revisionId, baseRevisionId: body.baseRevisionId },
          deps.now(),
        ),
      ),
    }),
  }),
  route({
    method: 'put',
    path: '/api/briefings/:id/autosave',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    body: AutosaveBody,
    summary: 'Keep your work in progress (section texts) without making a revision.',
    handler: async ({ deps, actor, params, body }) => {
      const r = await autosaveDraft(deps.db.prisma, actor!, params.id, body);
      return { json: { savedAt: r.savedAt.toISOString(), baseRevisionId: r.baseRevisionId, stale: r.stale } };
    },
  }),
  route({
    method: 'delete',
    path: '/api/briefings/:id/autosave',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    summary: 'Discard your autosaved work in progress.',
    handler: async ({ deps, actor, params }) => {
      await discardAutosave(deps.db.prisma, actor!, params.id);
      return { status: 204 };
    },
  }),
];
