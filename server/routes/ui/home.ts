import { route, type AnyRoute } from '../../http/route.js';
import { anyone, staff } from '../../policies/routePolicy.js';
import { presentViewer } from '../../presenters/viewerPresenter.js';

export const homePageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/',
    kind: 'page',
    policy: anyone,
    summary: 'Public home',
    handler: () => ({ view: 'home', title: 'Briefings', model: {} }),
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
