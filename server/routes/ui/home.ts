import { PUBLIC_SITE, route, type AnyRoute } from '../../http/route.js';
import { anyone, staff } from '../../policies/routePolicy.js';
import { serveHome } from './site.js';
import { deskQueue } from '../../queries/review/desk.js';
import { presentDesk } from '../../presenters/deskPresenter.js';
import { DeskQuery } from '../../schemas/desk.js';

export const homePageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/',
    kind: 'page',
    policy: anyone,
    summary: 'Public home: the latest published briefings',
    tags: [PUBLIC_SITE],
    handler: ({ deps, req, res }) => serveHome(deps, req, res),
  }),
  route({
    method: 'get',
    path: '/desk',
    kind: 'page',
    policy: staff,
    query: DeskQuery,
    summary: 'Editorial desk: what needs this person now (assigned briefings; approved and failed drafts for editors)',
    handler: async ({ deps, actor, query }) => ({
      view: 'desk/index',
      title: 'Desk',
      model: presentDesk(await deskQueue(deps.db, actor!, query.sort), actor!, query.sort, deps.now()),
    }),
  }),
];
