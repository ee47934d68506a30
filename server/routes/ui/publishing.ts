import { route, type AnyRoute } from '../../http/route.js';
import { editors } from '../../policies/routePolicy.js';
import { uuidParam } from '../../schemas/common.js';
import { NotFoundError } from '../../errors/AppError.js';
import { z } from 'zod';
import { publishBriefing } from '../../commands/publishing/publishBriefing.js';
import { publishCorrection } from '../../commands/publishing/publishCorrection.js';
import { unpublishBriefing } from '../../commands/publishing/unpublishBriefing.js';
import { requestOrigin } from '../../publishing/site/sendPublic.js';
import { slugSchema } from '../../publishing/slug.js';
import { PUBLICATION_SELECT, presentPublication } from '../../presenters/publicationPresenter.js';
import { CorrectionBody, UnpublishBody } from '../api/publishing.js';
import { StartBriefingBody } from '../api/generations.js';
import { storyDevelopments } from '../../queries/publishing/storyDevelopments.js';
import { presentStory } from '../../presenters/storyPresenter.js';
import { startBriefing } from '../../commands/briefings/startBriefing.js';

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const PublishForm = z.strictObject({ slug: z.preprocess(blankToUndefined, slugSchema.optional()) });
const UpdateForm = z.strictObject({
  leadSourceId: z.uuid('must be a UUID'),
  startKey: z.preprocess(blankToUndefined, StartBriefingBody.shape.startKey),
});
const CorrectionForm = CorrectionBody.extend({ slug: z.preprocess(blankToUndefined, slugSchema.optional()) });

/** The editor's publishing desk for one briefing: publish, correct, unpublish, and its versions. */
export const publishingPageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/publishing/:id',
    kind: 'page',
    policy: editors,
    summary: 'Publishing: versions and actions for one briefing',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      const db = deps.db.prisma;
      const b = await db.briefing.findUnique({
        where: { id: params.id },
        select: {
          id: true,
          title: true,
          state: true,
          slug: true,
          updateOf: { select: { id: true, title: true } },
        },
      });
      if (!b) throw new NotFoundError('No such briefing.');
      const story = presentStory(b.id, await storyDevelopments(db, b.id), b.updateOf, actor!);
      const pubs = (
        await db.publication.findMany({
          where: { briefingId: b.id },
          select: PUBLICATION_SELECT,
          orderBy: { version: 'desc' },
        })
      ).map(presentPublication);
      const live = pubs.find((p) => p.status === 'live');
      return {
        view: 'publishing/briefing',
        title: `Publishing: ${b.title}`,
        model: {
          briefing: b,
          story,
          publications: pubs,
          live,
          can: { publish: !live && b.state === 'approved', correct: Boolean(live), unpublish: Boolean(live) },
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/publishing/:id/publish',
    kind: 'page',
    policy: editors,
    summary: 'Publish a signed-off briefing',
    params: uuidParam,
    body: PublishForm,
    handler: async ({ deps, actor, params, body, req }) => {
      const p = await publishBriefing(
        deps,
        actor!,
        { briefingId: params.id, slug: body.slug },
        { origin: requestOrigin(req) },
      );
      return { redirect: `/publishing/${params.id}`, flash: `Published at ${p.path}.` };
    },
  }),
  route({
    method: 'post',
    path: '/publishing/:id/correction',
    kind: 'page',
    policy: editors,
    summary: 'Publish a correction',
    params: uuidParam,
    body: CorrectionForm,
    handler: async ({ deps, actor, params, body, req }) => {
      const p = await publishCorrection(
        deps,
        actor!,
        { briefingId: params.id, note: body.note, slug: body.slug },
        { origin: requestOrigin(req) },
      );
      return { redirect: `/publishing/${params.id}`, flash: `Correction published as version ${p.version}.` };
    },
  }),
  route({
    method: 'post',
    path: '/publishing/:id/unpublish',
    kind: 'page',
    policy: editors,
    summary: 'Unpublish a briefing',
    params: uuidParam,
    body: UnpublishBody,
    handler: async ({ deps, actor, params, body }) => {
      await unpublishBriefing(deps, actor!, { briefingId: params.id, reason: body.reason || undefined });
      return { redirect: `/publishing/${params.id}`, flash: 'Unpublished: its pages now answer 410 Gone.' };
    },
  }),
  route({
    method: 'post',
    path: '/publishing/:id/update',
    kind: 'page',
    policy: editors,
    summary: 'Start a story update: a new briefing led by a new source, drafted with this published one as context',
    params: uuidParam,
    body: UpdateForm,
    handler: async ({ deps, actor, params, body }) => {
      const { briefing, generation, replayed } = await startBriefing(deps, actor!, {
        leadSourceId: body.leadSourceId,
        updateOfId: params.id,
        startKey: body.startKey,
      });
      return {
        redirect: `/briefings/${briefing.id}/generations/${generation.id}`,
        flash: replayed
          ? 'This form had already started this update; no second one was started.'
          : 'Update started: its first draft is being written with the published briefing as context.',
      };
    },
  }),
];
