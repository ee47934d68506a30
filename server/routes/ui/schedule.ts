import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { editors } from '../../policies/routePolicy.js';
import { timezoneSchema, uuidParam } from '../../schemas/common.js';
import { instantOf, localTimeSchema } from '../../schemas/schedule.js';
import { slugSchema } from '../../publishing/slug.js';
import { schedulePublication } from '../../commands/publishing/schedulePublication.js';
import { cancelSchedule } from '../../commands/publishing/cancelSchedule.js';
import { setSourceEmbargo } from '../../commands/sources/setSourceEmbargo.js';

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

/** The draft page's schedule panel: a datetime-local value and the viewer's timezone, converted to UTC here. */
const ScheduleForm = z.strictObject({
  localTime: localTimeSchema,
  timezone: timezoneSchema,
  slug: z.preprocess(blankToUndefined, slugSchema.optional()),
});
const EmbargoForm = z.strictObject({
  localTime: z.preprocess(blankToUndefined, localTimeSchema.optional()),
  timezone: timezoneSchema,
});

export const schedulePageRoutes: AnyRoute[] = [
  route({
    method: 'post',
    path: '/briefings/:id/schedule',
    kind: 'page',
    policy: editors,
    summary: 'Schedule the signed-off revision for publication',
    params: uuidParam,
    body: ScheduleForm,
    handler: async ({ deps, actor, params, body }) => {
      await schedulePublication(deps, actor!, {
        briefingId: params.id,
        runAt: instantOf(body, actor!.timezone),
        timezone: body.timezone,
        slug: body.slug,
      });
      return {
        redirect: `/briefings/${params.id}#schedule`,
        flash: `Scheduled for ${body.localTime} (${body.timezone}).`,
      };
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/schedule/cancel',
    kind: 'page',
    policy: editors,
    summary: 'Cancel a scheduled publication',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      await cancelSchedule(deps, actor!, { briefingId: params.id });
      return { redirect: `/briefings/${params.id}#schedule`, flash: 'Scheduled publication cancelled.' };
    },
  }),
  route({
    method: 'post',
    path: '/sources/:id/embargo',
    kind: 'page',
    policy: editors,
    summary: 'Set or lift a source’s embargo',
    params: uuidParam,
    body: EmbargoForm,
    handler: async ({ deps, actor, params, body }) => {
      const notBefore = body.localTime ? instantOf(body, actor!.timezone) : null;
      const s = await setSourceEmbargo(deps.db.prisma, actor!, { sourceId: params.id, notBefore }, deps.now());
      const flash = notBefore
        ? `Embargoed until ${body.localTime} (${body.timezone})${s.schedulesVoided ? `; ${s.schedulesVoided} schedule(s) voided` : ''}.`
        : 'Embargo lifted.';
      return { redirect: `/sources/${params.id}#embargo`, flash };
    },
  }),
];
