/** The columns of a webhook endpoint that may leave the server: the secret never does after creation. */
export const WEBHOOK_ENDPOINT_SELECT = {
  id: true,
  url: true,
  description: true,
  events: true,
  active: true,
  createdAt: true,
} as const;
