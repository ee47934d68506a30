import { formatTime } from '../../../review-ui/helpers/formatTime.js';

describe('formatTime helper', () => {
  const instant = '2026-01-15T12:00:00.000Z';

  test("shows the instant in the viewer's timezone, with the exact ISO time in datetime", () => {
    expect(formatTime(instant, 'America/New_York')).toBe(`<time datetime="${instant}">15 Jan 2026, 07:00</time>`);
    expect(formatTime(new Date(instant), 'Asia/Tokyo')).toBe(`<time datetime="${instant}">15 Jan 2026, 21:00</time>`);
    // Reused formatters keep each timezone apart.
    expect(formatTime(instant, 'America/New_York')).toContain('07:00');
    expect(formatTime(instant, undefined)).toContain('12:00</time>');
  });

  test('an unknown timezone falls back to UTC and says so; a bad date renders nothing', () => {
    expect(formatTime(instant, 'Mars/Olympus_Mons')).toBe(`<time datetime="${instant}">15 Jan 2026, 12:00 UTC</time>`);
    expect(formatTime('not a date', 'UTC')).toBe('');
    expect(formatTime(null, 'UTC')).toBe('');
  });
});
