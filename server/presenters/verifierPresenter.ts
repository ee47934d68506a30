import type { AlignmentVerdict, SentenceAlignment, SourceSpan } from '../grounding/types.js';
import type { RevisionVerification } from '../queries/review/revisionVerification.js';

const VERDICT_LABELS: Record<AlignmentVerdict['verdict'], string> = {
  supported: 'supported',
  contradicted: 'contradicted',
  not_in_sources: 'not in the sources',
};

const STATUS_LABELS: Record<string, string> = {
  queued: 'waiting to run',
  running: 'running',
  succeeded: 'done',
  failed: 'failed',
};

/**
 * The report's alignments with the model's cached verdicts filled in. The deterministic check never
 * writes `verdicts`; this is the only place they are joined, at read time, so a verdict can never
 * add, clear or change a flag.
 */
export function alignmentsWithVerdicts(
  alignments: SentenceAlignment[],
  v: RevisionVerification | null,
): SentenceAlignment[] {
  if (!v) return alignments;
  const keyOf = new Map(v.job.results.map((r) => [r.alignmentId, r.key]));
  return alignments.map((a) => {
    const row = v.verdicts.get(keyOf.get(a.id) ?? '');
    if (!row) return a;
    const ev = row.evidence as SourceSpan | null;
    // The cache is shared across briefings: number the source as this briefing numbers it.
    const number = ev ? a.passages.find((p) => p.sourceId === ev.sourceId)?.sourceNumber : undefined;
    const verdict: AlignmentVerdict = {
      by: `model:${row.model}`,
      verdict: row.verdict as AlignmentVerdict['verdict'],
      ...(ev ? { evidence: { ...ev, sourceNumber: number ?? ev.sourceNumber } } : {}),
      ...(row.note ? { note: row.note } : {}),
      at: row.createdAt.toISOString(),
    };
    return { ...a, verdicts: [...a.verdicts, verdict] };
  });
}

/** One verdict as the page shows it beside a flag or a sentence. */
export function opinionView(a: SentenceAlignment) {
  const v = a.verdicts.find((x) => x.by.startsWith('model:'));
  if (!v) return null;
  return {
    verdict: v.verdict,
    label: VERDICT_LABELS[v.verdict] ?? v.verdict,
    agrees: v.verdict === 'supported',
    note: v.note ?? null,
    sentence: a.text,
    evidence: v.evidence
      ? {
          text: v.evidence.text,
          where: `S${v.evidence.sourceNumber}, ${v.evidence.field === 'title' ? 'title' : `paragraph ${v.evidence.paragraph}`}`,
        }
      : null,
  };
}

/** The verifier's run for the current revision: status, counts, tokens and cost, or why there is none. */
export function verifierSummary(configured: boolean, v: RevisionVerification | null, alignments: SentenceAlignment[]) {
  const j = v?.job;
  const counts = { supported: 0, contradicted: 0, not_in_sources: 0 };
  for (const a of alignments) {
    const verdict = a.verdicts.find((x) => x.by.startsWith('model:'))?.verdict;
    if (verdict) counts[verdict]++;
  }
  const sentence = new Map(alignments.map((a) => [a.id, a.text]));
  return {
    configured,
    status: j?.status ?? null,
    statusLabel: j ? (STATUS_LABELS[j.status] ?? j.status) : null,
    pending: j?.status === 'queued' || j?.status === 'running',
    model: j?.model ?? null,
    promptVersion: j?.promptVersion ?? null,
    trigger: j?.trigger ?? null,
    finishedAt: j?.finishedAt?.toISOString() ?? null,
    sentences: j?.sentences ?? null,
    cached: j?.cached ?? null,
    asked: j?.asked ?? null,
    failed: j?.failed ?? null,
    promptTokens: j?.promptTokens ?? null,
    completionTokens: j?.completionTokens ?? null,
    costUsd: j?.costUsd != null ? Number(j.costUsd) : null,
    errorCode: j?.errorCode ?? null,
    error: j?.error ?? null,
    counts,
    errors: (j?.results ?? [])
      .filter((r) => r.error)
      .map((r) => ({
        alignmentId: r.alignmentId,
        sentence: sentence.get(r.alignmentId) ?? '',
        message: r.error!.message,
      })),
  };
}
