import { TZDate } from '@date-fns/tz';

/** What a <input type="datetime-local"> sends: a wall-clock time without a zone. */
export const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant a wall-clock time in an IANA timezone names. TZDate (date-fns) handles the DST edges
 * (a time skipped by spring-forward moves forward with the clock), which a hand-rolled offset
 * guess gets wrong. Null for a time that does not exist on the calendar (31 February).
 */
export function zonedToUtc(local: string, timezone: string): Date | null {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0));
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || probe.getUTCHours() !== h) return null;
  return new Date(new TZDate(y, mo - 1, d, h, mi, s, timezone).getTime());
}

/** The instant as the value of a datetime-local input in `timezone` (for prefilling forms). */
export function utcToLocalInput(at: Date, timezone: string): string {
  const z = new TZDate(at.getTime(), timezone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${z.getFullYear()}-${pad(z.getMonth() + 1)}-${pad(z.getDate())}T${pad(z.getHours())}:${pad(z.getMinutes())}`;
}
