import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { editors, staff } from '../../policies/routePolicy.js';
import { NotFoundError } from '../../errors/AppError.js';
import { uuidParam } from '../../schemas/common.js';
import { startBriefing } from '../../commands/briefings/startBriefing.js';
import { retryDraft } from '../../commands/generations/retryDraft.js';
import { requestRegeneration } from '../../commands/generations/requestRegeneration.js';
import { cancelGeneration } from '../../commands/generations/cancelGeneration.js';
import { GENERATION_SELECT, generationStatusView } from '../../presenters/generationPresenter.js';
import { RegenerateBody, StartBriefingBody, streamParams } from '../api/generations.js';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const StartForm = StartBriefingBody.extend({
  assigneeId: z.preprocess(blankToUndefined, StartBriefingBody.shape.assigneeId),
  startKey: z.preprocess(blankToUndefined, StartBriefingBody.shape.startKey),
});
const RegenerateForm = RegenerateBody.extend({ section: z.preprocess(blankToUndefined, RegenerateBody.shape.section) });

/** Form posts for drafting (each also in the JSON API) and a page that follows one generation live. */
export const generationPageRoutes: AnyRoute[] = [
  route({
    method: 'post',
    path: '/briefings',
    kind: 'page',
    policy: editors,
    summary: 'Start a briefing from a lead source',
    body: StartForm,
    handler: async ({ deps, actor, body }) => {
      const { briefing, generation, replayed } = await startBriefing(deps, actor!, body);
      return {
        redirect: `/briefings/${briefing.id}/generations/${generation.id}`,
        flash: replayed
          ? 'This form had already started this briefing; no second one was started.'
          : 'Briefing started: the first draft is being written.',
      };
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/regenerate',
    kind: 'page',
    policy: editors,
    summary: 'Regenerate the briefing or one section with instructions',
    params: uuidParam,
    body: RegenerateForm,
    handler: async ({ deps, actor, params, body }) => {
      const g = await requestRegeneration(deps, actor!, { briefingId: params.id, ...body });
      return { redirect: `/briefings/${params.id}/generations/${g.id}`, flash: 'Regeneration queued.' };
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/retry-draft',
    kind: 'page',
    policy: editors,
    summary: 'Queue the first draft again after it failed or was cancelled',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      const g = await retryDraft(deps, actor!, params.id);
      return { redirect: `/briefings/${params.id}/generations/${g.id}`, flash: 'First draft queued again.' };
    },
  }),
  route({
    method: 'get',
    path: '/briefings/:id/generations/:gid',
    kind: 'page',
    policy: staff,
    summary: 'Follow one generation as it is written',
    params: streamParams,
    handler: async ({ deps, actor, params }) => {
      const g = await deps.db.prisma.generation.findFirst({
        where: { id: params.gid, briefingId: params.id },
        select: GENERATION_SELECT,
      });
      if (!g) throw new NotFoundError('No such generation.');
      const b = await deps.db.prisma.briefing.findUniqueOrThrow({
        where: { id: params.id },
        select: { id: true, title: true },
      });
      return {
        view: 'generations/show',
        title: `Generation · ${b.title}`,
        model: { briefing: b, generation: generationStatusView(g, actor) },
      };
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/generations/:gid/cancel',
    kind: 'page',
    policy: editors,
    summary: 'Cancel a generation',
    params: streamParams,
    handler: async ({ deps, actor, params }) => {
      const g = await deps.db.prisma.generation.findFirst({
        where: { id: params.gid, briefingId: params.id },
        select: { id: true },
      });
      if (!g) throw new NotFoundError('No such generation.');
      const r = await cancelGeneration(deps, actor!, g.id);
      return {
        redirect: `/briefings/${params.id}/generations/${g.id}`,
        flash:
          r.status === 'cancelled'
            ? 'Generation cancelled.'
            : 'Cancelling: the model call stops within a second or so.',
      };
    },
  }),
];
