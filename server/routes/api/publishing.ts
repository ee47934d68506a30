import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { editors } from '../../policies/routePolicy.js';
import { uuidParam } from '../../schemas/common.js';
import { NotFoundError } from '../../errors/AppError.js';
import { publishBriefing } from '../../commands/publishing/publishBriefing.js';
import { publishCorrection } from '../../commands/publishing/publishCorrection.js';
import { unpublishBriefing } from '../../commands/publishing/unpublishBriefing.js';
import { slugSchema } from '../../publishing/slug.js';
import { requestOrigin } from '../../publishing/site/sendPublic.js';
import { PUBLICATION_SELECT, presentPublication } from '../../presenters/publicationPresenter.js';

export const PublishBody = z.strictObject({ slug: slugSchema.optional() });
export const CorrectionBody = z.strictObject({
  note: z.string().trim().min(1, 'is required: say what was corrected').max(1000, 'must be at most 1000 characters'),
  slug: slugSchema.optional(),
});
export const UnpublishBody = z.strictObject({
  reason: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
});

const tags = ['publishing'];

export const publishingApiRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/briefings/:id/publications',
    kind: 'api',
    policy: editors,
    tags,
    params: uuidParam,
    summary: 'Every published version of a briefing, newest first.',
    handler: async ({ deps, params }) => {
      const b = await deps.db.prisma.briefing.findUnique({ where: { id: params.id }, select: { id: true } });
      if (!b) throw new NotFoundError('No such briefing.');
      const rows = await deps.db.prisma.publication.findMany({
        where: { briefingId: params.id },
        select: PUBLICATION_SELECT,
        orderBy: { version: 'desc' },
      });
      return { json: { publications: rows.map(presentPublication) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/publish',
    kind: 'api',
    policy: editors,
    tags,
    params: uuidParam,
    body: PublishBody,
    summary:
      'Publish an approved briefing from its signed-off revision (409 with the reason when it is not publishable).',
    handler: async ({ deps, actor, params, body, req }) => {
      const p = await publishBriefing(
        deps,
        actor!,
        { briefingId: params.id, slug: body.slug },
        { origin: requestOrigin(req) },
      );
      return {
        status: 201,
        json: {
          id: p.id,
          version: p.version,
          slug: p.slug,
          url: p.url,
          path: p.path,
          publishedAt: p.publishedAt.toISOString(),
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/corrections',
    kind: 'api',
    policy: editors,
    tags,
    params: uuidParam,
    body: CorrectionBody,
    summary: 'Publish a newly signed-off revision of a live briefing as a correction (new version, dated note).',
    handler: async ({ deps, actor, params, body, req }) => {
      const p = await publishCorrection(
        deps,
        actor!,
        { briefingId: params.id, note: body.note, slug: body.slug },
        { origin: requestOrigin(req) },
      );
      return {
        status: 201,
        json: {
          id: p.id,
          version: p.version,
          slug: p.slug,
          url: p.url,
          path: p.path,
          publishedAt: p.publishedAt.toISOString(),
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/unpublish',
    kind: 'api',
    policy: editors,
    tags,
    params: uuidParam,
    body: UnpublishBody,
    summary: 'Take a briefing off the site; its pages answer 410 Gone.',
    handler: async ({ deps, actor, params, body }) => {
      const r = await unpublishBriefing(deps, actor!, { briefingId: params.id, reason: body.reason });
      return { json: { version: r.version, slug: r.slug, unpublishedAt: r.unpublishedAt.toISOString() } };
    },
  }),
];
