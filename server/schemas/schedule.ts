import { z } from 'zod';
import { timezoneSchema } from './common.js';
import { slugSchema } from '../publishing/slug.js';
import { LOCAL_DATE_TIME, zonedToUtc } from '../util/zonedTime.js';

const isoInstant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 timestamp with a zone, e.g. 2027-01-05T09:00:00Z',
});
const localTime = z
  .string()
  .regex(LOCAL_DATE_TIME, 'must be a local date and time such as 2027-01-05T09:00')
  .refine((v) => !LOCAL_DATE_TIME.test(v) || zonedToUtc(v, 'UTC') !== null, 'is not a date on the calendar');

/**
 * When to publish: either an instant (`at`, with its offset) or a wall-clock time (`localTime`) in
 * `timezone` (the viewer's own when left out). Either way it is stored in UTC.
 */
export const ScheduleBody = z
  .strictObject({
    at: isoInstant.optional(),
    localTime: localTime.optional(),
    timezone: timezoneSchema.optional(),
    slug: slugSchema.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.at === undefined && b.localTime === undefined)
      ctx.addIssue({ code: 'custom', path: ['at'], message: 'is required (or give localTime and timezone)' });
    if (b.at !== undefined && b.localTime !== undefined)
      ctx.addIssue({ code: 'custom', path: ['localTime'], message: 'give either at or localTime, not both' });
  });
export type ScheduleBody = z.infer<typeof ScheduleBody>;

/** A source's embargo: the instant before which no briefing using it may appear; null lifts it. */
export const EmbargoBody = z.strictObject({
  notBefore: isoInstant.nullable(),
});

/** The instant a schedule or embargo form names, in UTC. */
export function instantOf(input: { at?: string; localTime?: string; timezone?: string }, viewerTimezone: string): Date {
  if (input.at) return new Date(input.at);
  return zonedToUtc(input.localTime!, input.timezone ?? viewerTimezone)!;
}

export { localTime as localTimeSchema };
