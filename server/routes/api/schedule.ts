import { route, type AnyRoute } from '../../http/route.js';
import { editors } from '../../policies/routePolicy.js';
import { uuidParam } from '../../schemas/common.js';
import { EmbargoBody, ScheduleBody, instantOf } from '../../schemas/schedule.js';
import { schedulePublication } from '../../commands/publishing/schedulePublication.js';
import { cancelSchedule } from '../../commands/publishing/cancelSchedule.js';
import { setSourceEmbargo } from '../../commands/sources/setSourceEmbargo.js';
import { briefingSchedule } from '../../queries/publishing/briefingSchedule.js';
import { presentSchedule, presentScheduleState } from '../../presenters/schedulePresenter.js';

const tags = ['publishing'];

export const scheduleApiRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/briefings/:id/schedule',
    kind: 'api',
    policy: editors,
    tags,
    params: uuidParam,
    summary:
      'The briefing’s latest scheduled publication (pending, or how it ended), whether it can be scheduled now, and embargoes still ahead.',
    handler: async ({ deps, params }) => ({
      json: presentScheduleState(await briefingSchedule(deps.db.prisma, params.id, deps.now())),
    }),
  }),
  route({
    method: 'put',
    path: '/api/briefings/:id/schedule',
    kind: 'api',
    policy: editors,
    tags,
    params: uuidParam,
    body: ScheduleBody,
    summary:
      'Schedule the signed-off revision for publication at `at` (ISO 8601 with offset) or at `localTime` in `timezone` (default: yours); replaces a pending schedule. 400 for a time in the past, 409 when not signed off or a source is under embargo then.',
    handler: async ({ deps, actor, params, body }) => {
      const runAt = instantOf(body, actor!.timezone);
      const s = await schedulePublication(deps, actor!, {
        briefingId: params.id,
        runAt,
        timezone: body.timezone ?? actor!.timezone,
        slug: body.slug,
      });
      return { status: 201, json: { schedule: presentSchedule(s) } };
    },
  }),
  route({
    method: 'delete',
    path: '/api/briefings/:id/schedule',
    kind: 'api',
    policy: editors,
    tags,
    params: uuidParam,
    summary: 'Cancel the pending scheduled publication (409 not_scheduled when there is none); the sign-off stays.',
    handler: async ({ deps, actor, params }) => ({
      json: await cancelSchedule(deps, actor!, { briefingId: params.id }),
    }),
  }),
  route({
    method: 'put',
    path: '/api/sources/:id/embargo',
    kind: 'api',
    policy: editors,
    tags: ['sources'],
    params: uuidParam,
    body: EmbargoBody,
    summary:
      'Set a source’s embargo (`notBefore`, ISO 8601 with offset) or lift it (null): briefings using it cannot be published or scheduled before then.',
    handler: async ({ deps, actor, params, body }) => {
      const s = await setSourceEmbargo(
        deps.db.prisma,
        actor!,
        { sourceId: params.id, notBefore: body.notBefore ? new Date(body.notBefore) : null },
        deps.now(),
      );
      return {
        json: {
          id: s.id,
          title: s.title,
          publisher: s.publisher,
          notBefore: s.notBefore?.toISOString() ?? null,
          schedulesVoided: s.schedulesVoided,
        },
      };
    },
  }),
];
