const LONG = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Readers see a calendar date; the exact instant goes in datetime="" and the metadata. */
export function displayDate(d: Date): { iso: string; text: string } {
  return { iso: d.toISOString(), text: LONG.format(d) };
}
