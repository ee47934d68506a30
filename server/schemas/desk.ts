import { z } from 'zod';
import { DESK_SORTS } from '../queries/review/desk.js';

export const DeskQuery = z.strictObject({
  sort: z.preprocess((v) => (v === '' ? undefined : v), z.enum(DESK_SORTS).default('oldest')),
});
