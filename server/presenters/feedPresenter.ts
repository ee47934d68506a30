import type { ImportStatus } from '../generated/prisma/enums.js';
import { hasRole, type Actor } from '../policies/actor.js';

export interface FeedRow {
  id: string;
  url: string;
  title: string | null;
  siteUrl: string | null;
  publisher: string | null;
  status: 'active' | 'paused';
  pollIntervalMinutes: number;
  nextPollAt: Date;
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  consecutiveFailures: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  lastProblems: string[];
  leaseExpiresAt: Date | null;
  createdAt: Date;
  _count?: { sources: number };
}

export const FEED_SELECT = {
  id: true,
  url: true,
  title: true,
  siteUrl: true,
  publisher: true,
  status: true,
  pollIntervalMinutes: true,
  nextPollAt: true,
  lastPolledAt: true,
  lastSuccessAt: true,
  consecutiveFailures: true,
  lastError: true,
  lastErrorAt: true,
  lastProblems: true,
  leaseExpiresAt: true,
  createdAt: true,
  _count: { select: { sources: true } },
} as const;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentFeed(f: FeedRow, actor: Actor | null, now = new Date()) {
  const polling = f.leaseExpiresAt !== null && f.leaseExpiresAt > now;
  const health =
    f.status === 'paused'
      ? 'paused'
      : polling
        ? 'polling'
        : f.consecutiveFailures > 0
          ? 'failing'
          : f.lastSuccessAt
            ? 'ok'
            : 'waiting';
  const manage = hasRole(actor, 'editor');
  return {
    id: f.id,
    url: f.url,
    title: f.title ?? f.url,
    siteUrl: f.siteUrl,
    publisher: f.publisher,
    status: f.status,
    health,
    pollIntervalMinutes: f.pollIntervalMinutes,
    nextPollAt: f.status === 'paused' ? null : iso(f.nextPollAt),
    lastPolledAt: iso(f.lastPolledAt),
    lastSuccessAt: iso(f.lastSuccessAt),
    consecutiveFailures: f.consecutiveFailures,
    lastError: f.lastError,
    lastErrorAt: iso(f.lastErrorAt),
    lastProblems: f.lastProblems,
    sourceCount: f._count?.sources ?? null,
    createdAt: iso(f.createdAt),
    can: {
      pause: manage && f.status === 'active',
      resume: manage && f.status === 'paused',
      poll: manage && !polling,
      delete: manage,
    },
  };
}

export function presentFeedPoll(p: {
  id: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: string;
  httpStatus: number | null;
  added: number;
  updated: number;
  duplicates: number;
  error: string | null;
  problems: string[];
}) {
  return { ...p, startedAt: iso(p.startedAt), finishedAt: iso(p.finishedAt) };
}

export function presentImportRun(r: {
  id: string;
  filename: string;
  format: string;
  createdAt: Date;
  status: ImportStatus;
  finishedAt: Date | null;
  failure: string | null;
  total: number;
  added: number;
  updated: number;
  duplicates: number;
  unchanged: number;
  errors: unknown;
  warnings: unknown;
}) {
  type Line = { line: number; field?: string; reason: string };
  const errors = Array.isArray(r.errors) ? (r.errors as Line[]) : [];
  const warnings = Array.isArray(r.warnings) ? (r.warnings as Line[]) : [];
  return {
    ...r,
    createdAt: iso(r.createdAt),
    finishedAt: iso(r.finishedAt),
    errors,
    errorCount: errors.length,
    warnings,
    warningCount: warnings.length,
    /** Only a succeeded run committed anything. */
    committed: r.status === 'succeeded',
    running: r.status === 'running',
  };
}
