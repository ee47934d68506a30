import { z } from 'zod';
import { ROLES } from '../policies/actor.js';
import { PASSWORD_MIN_LENGTH } from '../auth/password.js';

export const roleSchema = z.enum(ROLES);
export const rolesSchema = z.array(roleSchema).min(1, 'at least one role').max(3);
export const emailSchema = z
  .email('must be an email address')
  .max(254)
  .transform((e) => e.toLowerCase());
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(1024);
export const displayNameSchema = z.string().trim().min(1, 'is required').max(120);
export const uuidParam = z.strictObject({ id: z.uuid('must be a UUID') });
export const timezoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA timezone such as Europe/London');

/** HTML checkboxes send "on" or nothing; comma lists arrive as one string. */
export const formRoles = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  rolesSchema,
);
export const formBoolean = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());
