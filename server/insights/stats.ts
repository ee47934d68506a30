/**
 * Percentile by linear interpolation between the closest ranks (PostgreSQL's percentile_cont,
 * spreadsheets' PERCENTILE.INC): the median of 1, 2, 3, 4 is 2.5; p90 of 1…10 is 9.1.
 */
export function percentile(values: number[], p: number): number | null {
  return percentileOfSorted(Float64Array.from(values).sort(), p);
}

/** The same on values already sorted ascending (a Float64Array sorts numerically and fast). */
export function percentileOfSorted(s: ArrayLike<number>, p: number): number | null {
  if (s.length === 0) return null;
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** a / b, or null when there is nothing to divide by. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/** ISO 8601 week of a UTC instant, as "2026-W45", and the Monday it starts on. */
export function isoWeek(d: Date): { week: string; monday: string } {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = day.getUTCDay() || 7;
  const monday = new Date(day.getTime() - (dow - 1) * 86_400_000);
  // The week belongs to the year of its Thursday.
  const thursday = new Date(day.getTime() + (4 - dow) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const n = Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return {
    week: `${thursday.getUTCFullYear()}-W${String(n).padStart(2, '0')}`,
    monday: monday.toISOString().slice(0, 10),
  };
}
