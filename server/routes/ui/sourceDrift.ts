import { route, type AnyRoute } from '../../http/route.js';
import { staff } from '../../policies/routePolicy.js';
import { briefingIdParam } from '../../schemas/review.js';
import { briefingSourceDrift } from '../../queries/review/sourceDrift.js';
import { presentDriftPage } from '../../presenters/sourceDriftPresenter.js';

/** The word diff of a published briefing's sources that changed or vanished upstream (issue 12). */
export const sourceDriftPageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/briefings/:id/source-drift',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    summary: 'What changed in the sources of a published briefing',
    handler: async ({ deps, actor, params }) => {
      const model = presentDriftPage(await briefingSourceDrift(deps.db.prisma, params.id), actor!);
      return { view: 'briefings/sourceDrift', title: model.title, model };
    },
  }),
];
