import type { HelperOptions } from 'handlebars';

/**
 * {{formatTime date tz}}: a <time> element in the viewer's timezone, with the
 * ISO instant in datetime="" so scripts and assistive tech get the exact value.
 */
export function formatTime(value: unknown, timezone: unknown, options?: HelperOptions): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return '';
  const tz = typeof timezone === 'string' && timezone ? timezone : 'UTC';
  let text: string;
  try {
    text = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: tz }).format(date);
  } catch {
    text = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date) + ' UTC';
  }
  void options;
  return `<time datetime="${date.toISOString()}">${text}</time>`;
}
