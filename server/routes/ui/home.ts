import { PUBLIC_SITE, route, type AnyRoute } from '../../http/route.js';
import { anyone, staff } from '../../policies/routePolicy.js';
import { hasRole } from '../../policies/actor.js';
import { serveHome } from './site.js';

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
    summary: 'Editorial desk: the queue a person starts their day with',
    // Reviewers start from what is assigned to them, editors from what awaits review.
    handler: ({ actor }) => ({
      redirect: hasRole(actor, 'editor') ? '/briefings?tab=awaiting' : '/briefings?tab=assigned',
      status: 302,
    }),
  }),
];
