import type { Prisma } from '../generated/prisma/client.js';

/**
 * Every column a generation's presenter shows, without relations: what a command's insert can return in the same statement.
 * Not the raw model output: it is up to LLM_STORED_OUTPUT_CHARS long and has its own endpoint.
 */
export const GENERATION_SCALARS = {
  id: true,
  briefingId: true,
  kind: true,
  section: true,
  instructions: true,
  status: true,
  requestedById: true,
  baseRevisionId: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  attempts: true,
  maxAttempts: true,
  cancelRequested: true,
  offline: true,
  model: true,
  templateVersion: true,
  promptTokens: true,
  completionTokens: true,
  cachedTokens: true,
  costUsd: true,
  latencyMs: true,
  timeToFirstTokenMs: true,
  errorCode: true,
  error: true,
} as const satisfies Prisma.GenerationSelect;

export const GENERATION_SELECT = {
  ...GENERATION_SCALARS,
  revision: { select: { id: true, number: true } },
} as const satisfies Prisma.GenerationSelect;
