import { route, type AnyRoute } from '../../http/route.js';
import { editors, staff } from '../../policies/routePolicy.js';
import { uuidParam } from '../../schemas/common.js';
import { CreateFeedBody, UpdateFeedBody } from '../../schemas/sources.js';
import { NotFoundError } from '../../errors/AppError.js';
import { FEED_SELECT, presentFeed, presentFeedPoll } from '../../presenters/feedPresenter.js';
import { subscribeFeed } from '../../commands/feeds/subscribeFeed.js';
import { updateFeed } from '../../commands/feeds/updateFeed.js';
import { pollFeedNow } from '../../commands/feeds/pollFeedNow.js';
import { deleteFeed } from '../../commands/feeds/deleteFeed.js';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../../policies/actor.js';

const tags = ['feeds'];
const POLL_SELECT = {
  id: true,
  startedAt: true,
  finishedAt: true,
  outcome: true,
  httpStatus: true,
  added: true,
  updated: true,
  duplicates: true,
  error: true,
  problems: true,
} as const;

export async function feedDetail(deps: AppDeps, actor: Actor | null, id: string) {
  const row = await deps.db.prisma.feed.findUnique({ where: { id }, select: FEED_SELECT });
  if (!row) throw new NotFoundError('Feed not found.');
  const polls = await deps.db.prisma.feedPoll.findMany({
    where: { feedId: id },
    orderBy: { startedAt: 'desc' },
    take: 20,
    select: POLL_SELECT,
  });
  return { ...presentFeed(row, actor, deps.now()), polls: polls.map(presentFeedPoll) };
}

export const feedApiRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/feeds',
    kind: 'api',
    policy: staff,
    summary: 'Subscribed feeds with status, last error and next poll.',
    tags,
    handler: async ({ deps, actor }) => {
      const rows = await deps.db.prisma.feed.findMany({ orderBy: { createdAt: 'desc' }, select: FEED_SELECT });
      return { json: { feeds: rows.map((f) => presentFeed(f, actor, deps.now())) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/feeds',
    kind: 'api',
    policy: editors,
    summary:
      'Subscribe to an RSS/Atom/RDF/JSON feed. It is fetched and parsed once first; something that is not a feed is a 400 naming the reason.',
    tags,
    body: CreateFeedBody,
    handler: async ({ deps, actor, body }) => {
      const r = await subscribeFeed(
        deps.db.prisma,
        actor!,
        body,
        { allowPrivate: deps.config.sources.allowPrivateFetch, lookup: deps.resolveHost },
        deps.now(),
      );
      return {
        status: 201,
        json: { ...(await feedDetail(deps, actor, r.feedId)), ingested: { ...r.counts, problems: r.problems } },
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/feeds/:id',
    kind: 'api',
    policy: staff,
    summary: 'One feed with its recent poll history.',
    tags,
    params: uuidParam,
    handler: async ({ deps, actor, params }) => ({ json: await feedDetail(deps, actor, params.id) }),
  }),
  route({
    method: 'patch',
    path: '/api/feeds/:id',
    kind: 'api',
    policy: editors,
    summary: 'Pause or resume a feed, change its poll interval or publisher name.',
    tags,
    params: uuidParam,
    body: UpdateFeedBody,
    handler: async ({ deps, actor, params, body }) => {
      await updateFeed(deps.db.prisma, actor!, params.id, body, deps.now());
      return { json: await feedDetail(deps, actor, params.id) };
    },
  }),
  route({
    method: 'post',
    path: '/api/feeds/:id/poll',
    kind: 'api',
    policy: editors,
    summary: 'Poll a feed now (conditional GET); the outcome is returned and recorded in its history.',
    tags,
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      const outcome = await pollFeedNow(
        deps.db.prisma,
        actor!,
        params.id,
        { allowPrivate: deps.config.sources.allowPrivateFetch, lookup: deps.resolveHost },
        deps.now(),
      );
      return { json: { outcome, feed: await feedDetail(deps, actor, params.id) } };
    },
  }),
  route({
    method: 'delete',
    path: '/api/feeds/:id',
    kind: 'api',
    policy: editors,
    summary: 'Unsubscribe. Sources already ingested are kept.',
    tags,
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      await deleteFeed(deps.db.prisma, actor!, params.id, deps.now());
      return { status: 204 };
    },
  }),
];
