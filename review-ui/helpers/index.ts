import type Handlebars from 'handlebars';
import { eq } from './eq.js';
import { formatTime } from './formatTime.js';
import { join } from './join.js';

type Hbs = typeof Handlebars;

export function registerHelpers(hbs: Hbs): void {
  hbs.registerHelper('eq', eq);
  hbs.registerHelper('join', join);
  // formatTime builds markup from a validated Date only, so it is safe to mark as HTML.
  hbs.registerHelper(
    'formatTime',
    (value: unknown, tz: unknown, options: Handlebars.HelperOptions) =>
      new hbs.SafeString(formatTime(value, tz, options)),
  );
}
