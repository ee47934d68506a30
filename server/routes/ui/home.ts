import { route, type AnyRoute } from '../../http/route.js';
import { anyone, staff } from '../../policies/routePolicy.js';
import { presentViewer } from '../../presenters/viewerPresenter.js';
import { serveHome } from './site.js';

export const homePageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/',
    kind: 'page',
    policy: anyone,
    summary: 'Public home: the latest published briefings',
    handler: ({ deps, req, res }) => serveHome(deps, req, res),
  }),
  route({
    method: 'get',
    path: '/desk',
    kind: 'page',
    policy: staff,
    summary: 'Editorial desk: the signed-in person\'s starting page',
    handler: ({ actor }) => ({ view: 'desk', title: 'Desk', model: { viewer: presentViewer(actor) } }),
  }),
];
