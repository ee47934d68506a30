import { z } from 'zod';
import type { Db } from '../../db/connect.js';

/** The revision's latest model verification and the cached verdicts it points at (two indexed reads). */
export async function revisionVerification(db: Db, revisionId: string | null | undefined) {
  if (!revisionId) return null;
  const job = await db.verification.findFirst({
    where: { revisionId },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      status: true,
      trigger: true,
      createdAt: true,
      finishedAt: true,
      model: true,
      promptVersion: true,
      sentences: true,
      cached: true,
      asked: true,
      failed: true,
      promptTokens: true,
      completionTokens: true,
      costUsd: true,
      latencyMs: true,
      errorCode: true,
      error: true,
      results: true,
    },
  });
  if (!job) return null;
  // While a new run waits or runs, the last finished one's verdicts stay on the page.
  const shown =
    job.finishedAt || job.results
      ? job
      : await db.verification.findFirst({
          where: { revisionId, finishedAt: { not: null } },
          orderBy: { createdAt: 'desc' },
          select: { results: true },
        });
  const results = readResults(shown?.results);
  const keys = [...new Set(results.map((r) => r.key))];
  const verdicts = keys.length
    ? await db.verifierVerdict.findMany({
        where: { key: { in: keys } },
        select: { key: true, model: true, verdict: true, evidence: true, note: true, createdAt: true },
      })
    : [];
  return { job: { ...job, results }, verdicts: new Map(verdicts.map((v) => [v.key, v])) };
}

export type RevisionVerification = NonNullable<Awaited<ReturnType<typeof revisionVerification>>>;

export interface StoredResult {
  alignmentId: string;
  key: string;
  error?: { code: string; message: string };
}

const StoredResults = z.array(
  z.object({
    alignmentId: z.string(),
    key: z.string(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  }),
);

function readResults(json: unknown): StoredResult[] {
  const r = StoredResults.safeParse(json ?? []);
  return r.success ? r.data : [];
}
