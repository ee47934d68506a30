import net from 'node:net';
import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../publishing/outbox.js';
import { blockedAddressReason, blockedHostnameReason } from '../sources/pages/ssrfPolicy.js';
import { ValidationError } from '../errors/AppError.js';

export const webhookEventsSchema = z
  .array(z.enum(WEBHOOK_EVENTS, `must be one of ${WEBHOOK_EVENTS.join(', ')}`))
  .min(1, 'choose at least one event');

const webhookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2000)
  // Refinements run even when the URL check above failed: parse without throwing.
  .refine((text) => {
    const u = URL.parse(text);
    return !u || (!u.username && !u.password);
  }, 'must not contain credentials');

/**
 * The SSRF policy at configuration time (host names and literal addresses);
 * every delivery re-checks the address the name resolves to.
 */
export function assertWebhookUrlAllowed(text: string, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const host = new URL(text).hostname.replace(/^\[|\]$/g, '');
  const reason = blockedHostnameReason(host) ?? (net.isIP(host) ? blockedAddressReason(host) : null);
  if (reason)
    throw new ValidationError(`Webhook URL ${text} is not allowed: ${reason}.`, {
      issues: [{ field: 'url', message: `is not allowed: ${reason}` }],
    });
}

const secret = z.string().min(16, 'must be at least 16 characters').max(200);

export const WebhookCreateBody = z.strictObject({
  url: webhookUrl,
  description: z.string().trim().max(200).default(''),
  events: webhookEventsSchema.default([...WEBHOOK_EVENTS]),
  secret: secret.optional(),
});

export const WebhookUpdateBody = z.strictObject({
  url: webhookUrl.optional(),
  description: z.string().trim().max(200).optional(),
  events: webhookEventsSchema.optional(),
  active: z.boolean().optional(),
});

/** HTML forms: checkboxes for events, blank secret means "generate one". */
export const WebhookForm = z.strictObject({
  url: webhookUrl,
  description: z.string().trim().max(200).default(''),
  events: z.preprocess((v) => (typeof v === 'string' ? [v] : v), webhookEventsSchema),
  secret: z.preprocess((v) => (v === '' ? undefined : v), secret.optional()),
});

export type WebhookCreate = z.infer<typeof WebhookCreateBody>;
export type WebhookUpdate = z.infer<typeof WebhookUpdateBody>;
