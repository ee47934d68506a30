import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { editors, staff } from '../../policies/routePolicy.js';
import { NotFoundError } from '../../errors/AppError.js';
import { uuidParam } from '../../schemas/common.js';
import { draftSections } from '../../drafting/draftSchema.js';
import { startBriefing } from '../../commands/briefings/startBriefing.js';
import { retryDraft } from '../../commands/generations/retryDraft.js';
import { requestRegeneration, MAX_INSTRUCTIONS } from '../../commands/generations/requestRegeneration.js';
import { cancelGeneration } from '../../commands/generations/cancelGeneration.js';
import { streamGeneration } from '../../drafting/generations/generationStream.js';
import { GENERATION_SELECT, presentGeneration, presentRawOutput } from '../../presenters/generationPresenter.js';
import { generationRawOutput } from '../../queries/generationRawOutput.js';

const tags = ['generations'];

export const StartBriefingBody = z.strictObject({
  leadSourceId: z.uuid('must be a UUID'),
  assigneeId: z.uuid('must be a UUID').optional(),
  /** Start a story update of this published briefing (it becomes the draft's context and the "Earlier" link). */
  updateOfId: z.uuid('must be a UUID').optional(),
  /**
   * Made by the client once per briefing it means to start (the form makes one each time it is
   * shown): sent again, by a double click or a retry, it answers 200 with the briefing it started.
   */
  startKey: z.uuid('must be a UUID').optional(),
});

export const RegenerateBody = z.strictObject({
  section: z.enum(draftSections, { message: `must be one of ${draftSections.join(', ')}` }).optional(),
  instructions: z
    .string({ message: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(MAX_INSTRUCTIONS, `must be at most ${MAX_INSTRUCTIONS} characters`),
});

export const streamParams = z.strictObject({ id: z.uuid('must be a UUID'), gid: z.uuid('must be a UUID') });

export const generationApiRoutes: AnyRoute[] = [
  route({
    method: 'post',
    path: '/api/briefings',
    kind: 'api',
    policy: editors,
    tags,
    summary: 'Start a briefing from a lead source: collates related sources and facts, queues the first draft.',
    body: StartBriefingBody,
    handler: async ({ deps, actor, body }) => {
      const { briefing, generation, replayed } = await startBriefing(deps, actor!, body);
      const g = { ...generation, revision: null }; // just queued: nothing to re-read
      return {
        status: replayed ? 200 : 201,
        headers: { Location: `/api/briefings/${briefing.id}` },
        json: {
          briefing: {
            ...briefing,
            createdAt: briefing.createdAt.toISOString(),
            links: { page: `/briefings/${briefing.id}` },
          },
          generation: presentGeneration(g, actor),
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/regenerate',
    kind: 'api',
    policy: editors,
    tags,
    summary:
      'Regenerate the whole briefing, or one section, with written instructions. Other sections keep their edits.',
    params: uuidParam,
    body: RegenerateBody,
    handler: async ({ deps, actor, params, body }) => {
      const g = { ...(await requestRegeneration(deps, actor!, { briefingId: params.id, ...body })), revision: null };
      return { status: 202, json: presentGeneration(g, actor) };
    },
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/retry-draft',
    kind: 'api',
    policy: editors,
    tags,
    summary:
      'Queue the first draft again after it failed or was cancelled (the briefing is in drafting and has no revision).',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      const g = { ...(await retryDraft(deps, actor!, params.id)), revision: null };
      return { status: 202, json: presentGeneration(g, actor) };
    },
  }),
  route({
    method: 'get',
    path: '/api/briefings/:id/generations',
    kind: 'api',
    policy: staff,
    tags,
    summary: "A briefing's generations, newest first.",
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      const exists = await deps.db.prisma.briefing.findUnique({ where: { id: params.id }, select: { id: true } });
      if (!exists) throw new NotFoundError('No such briefing.');
      const rows = await deps.db.prisma.generation.findMany({
        where: { briefingId: params.id },
        orderBy: { createdAt: 'desc' },
        take: 50,
        select: GENERATION_SELECT,
      });
      return { json: { generations: rows.map((g) => presentGeneration(g, actor)) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/briefings/:id/generations/:gid/stream',
    kind: 'api',
    policy: staff,
    tags,
    summary: 'Server-Sent Events: `status`, `progress` (text and sections so far), then `done` or `failed`.',
    params: streamParams,
    handler: async ({ deps, req, res, params }) => {
      await streamGeneration(deps.db.prisma, req, res, { briefingId: params.id, generationId: params.gid });
    },
  }),
  route({
    method: 'get',
    path: '/api/generations/:id',
    kind: 'api',
    policy: staff,
    tags,
    summary:
      'One generation: status, model, template version, tokens, cost, latency; error when it failed; links.rawOutput to the model output.',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      const g = await deps.db.prisma.generation.findUnique({ where: { id: params.id }, select: GENERATION_SELECT });
      if (!g) throw new NotFoundError('No such generation.');
      return { json: presentGeneration(g, actor) };
    },
  }),
  route({
    method: 'get',
    path: '/api/generations/:id/raw-output',
    kind: 'api',
    policy: staff,
    tags,
    summary:
      'What the model wrote for a finished generation, as text/plain: at most LLM_STORED_OUTPUT_CHARS characters, longer output keeping its beginning and end. 404 when none was stored.',
    params: uuidParam,
    produces: 'text/plain',
    handler: async ({ deps, params }) => presentRawOutput(await generationRawOutput(deps.db.prisma, params.id)),
  }),
  route({
    method: 'post',
    path: '/api/generations/:id/cancel',
    kind: 'api',
    policy: editors,
    tags,
    summary: 'Cancel a generation: at once if queued; a running one stops within about a second.',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      await cancelGeneration(deps, actor!, params.id);
      const g = await deps.db.prisma.generation.findUniqueOrThrow({
        where: { id: params.id },
        select: GENERATION_SELECT,
      });
      return { status: 202, json: presentGeneration(g, actor) };
    },
  }),
];
