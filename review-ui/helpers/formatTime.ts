import type { HelperOptions } from 'handlebars';

// Building an Intl.DateTimeFormat costs far more than formatting with one (it was 40% of a
// queue page's CPU): keep one per timezone. Timezones are validated IANA names, a few hundred at most.
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(tz: string): Intl.DateTimeFormat | null {
  let f = formatters.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: tz });
    } catch {
      f = null;
    }
    if (formatters.size < 1000) formatters.set(tz, f);
  }
  return f;
}

/**
 * {{formatTime date tz}}: a <time> element in the viewer's timezone, with the
 * ISO instant in datetime="" so scripts and assistive tech get the exact value.
 */
export function formatTime(value: unknown, timezone: unknown, options?: HelperOptions): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return '';
  const tz = typeof timezone === 'string' && timezone ? timezone : 'UTC';
  const f = formatterFor(tz);
  const text = f ? f.format(date) : `${formatterFor('UTC')!.format(date)} UTC`;
  void options;
  return `<time datetime="${date.toISOString()}">${text}</time>`;
}
