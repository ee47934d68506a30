import { route, type AnyRoute } from '../../http/route.js';
import { editors, staff } from '../../policies/routePolicy.js';
import { hasRole } from '../../policies/actor.js';
import { uuidParam } from '../../schemas/common.js';
import { CreateFeedBody, UpdateFeedBody } from '../../schemas/sources.js';
import { AppError } from '../../errors/AppError.js';
import { FEED_SELECT, presentFeed } from '../../presenters/feedPresenter.js';
import { subscribeFeed } from '../../commands/feeds/subscribeFeed.js';
import { updateFeed } from '../../commands/feeds/updateFeed.js';
import { pollFeedNow } from '../../commands/feeds/pollFeedNow.js';
import { deleteFeed } from '../../commands/feeds/deleteFeed.js';
import { feedDetail } from '../api/feeds.js';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../../policies/actor.js';

async function feedsModel(deps: AppDeps, actor: Actor | null, extra: Record<string, unknown> = {}) {
  const rows = await deps.db.prisma.feed.findMany({ orderBy: { createdAt: 'desc' }, select: FEED_SELECT });
  return {
    feeds: rows.map((f) => presentFeed(f, actor, deps.now())),
    can: { manage: hasRole(actor, 'editor') },
    ...extra,
  };
}

const policyOf = (deps: AppDeps) => ({ allowPrivate: deps.config.sources.allowPrivateFetch, lookup: deps.resolveHost });

export const feedPageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/feeds',
    kind: 'page',
    policy: staff,
    summary: 'Feeds: status, errors, next poll',
    handler: async ({ deps, actor }) => ({ view: 'feeds/index', title: 'Feeds', model: await feedsModel(deps, actor) }),
  }),
  route({
    method: 'post',
    path: '/feeds',
    kind: 'page',
    policy: editors,
    summary: 'Subscribe to a feed',
    body: CreateFeedBody,
    handler: async ({ deps, actor, body }) => {
      try {
        const r = await subscribeFeed(deps.db.prisma, actor!, body, policyOf(deps), deps.now());
        return {
          redirect: `/feeds/${r.feedId}`,
          flash: `Subscribed: ${r.counts.added} new sources, ${r.counts.duplicate} near-duplicates, ${r.counts.updated + r.counts.unchanged} already known.`,
        };
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e;
        return {
          status: e.status,
          view: 'feeds/index',
          title: 'Feeds',
          model: await feedsModel(deps, actor, { formError: { error: e.detail, issues: e.issues ?? [] }, form: body }),
        };
      }
    },
  }),
  route({
    method: 'get',
    path: '/feeds/:id',
    kind: 'page',
    policy: staff,
    summary: 'One feed and its poll history',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      const feed = await feedDetail(deps, actor, params.id);
      return { view: 'feeds/show', title: feed.title, model: { feed } };
    },
  }),
  route({
    method: 'post',
    path: '/feeds/:id/pause',
    kind: 'page',
    policy: editors,
    summary: 'Pause a feed',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      await updateFeed(deps.db.prisma, actor!, params.id, { status: 'paused' }, deps.now());
      return { redirect: '/feeds', flash: 'Feed paused.' };
    },
  }),
  route({
    method: 'post',
    path: '/feeds/:id/resume',
    kind: 'page',
    policy: editors,
    summary: 'Resume a feed',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      await updateFeed(deps.db.prisma, actor!, params.id, { status: 'active' }, deps.now());
      return { redirect: '/feeds', flash: 'Feed resumed; it will be polled shortly.' };
    },
  }),
  route({
    method: 'post',
    path: '/feeds/:id/settings',
    kind: 'page',
    policy: editors,
    summary: 'Change a feed’s schedule or publisher name',
    params: uuidParam,
    body: UpdateFeedBody,
    handler: async ({ deps, actor, params, body }) => {
      await updateFeed(deps.db.prisma, actor!, params.id, body, deps.now());
      return { redirect: `/feeds/${params.id}`, flash: 'Feed settings saved.' };
    },
  }),
  route({
    method: 'post',
    path: '/feeds/:id/poll',
    kind: 'page',
    policy: editors,
    summary: 'Poll a feed now',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      const o = await pollFeedNow(deps.db.prisma, actor!, params.id, policyOf(deps), deps.now());
      const msg =
        o.outcome === 'error'
          ? `Poll failed: ${o.error}`
          : o.outcome === 'not_modified'
            ? 'Not modified since the last poll (HTTP 304).'
            : `Polled: ${o.added} new, ${o.updated} updated, ${o.duplicates} near-duplicates, ${o.unchanged} unchanged.`;
      return { redirect: `/feeds/${params.id}`, flash: msg };
    },
  }),
  route({
    method: 'post',
    path: '/feeds/:id/delete',
    kind: 'page',
    policy: editors,
    summary: 'Unsubscribe from a feed',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      await deleteFeed(deps.db.prisma, actor!, params.id, deps.now());
      return { redirect: '/feeds', flash: 'Unsubscribed. Sources already ingested are kept.' };
    },
  }),
];
