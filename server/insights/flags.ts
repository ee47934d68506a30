/**
 * Grounding flags of one briefing, counted by kind and severity. Kinds and severities are read from
 * the stored reports as they are, so a kind or severity added later is counted without a change
 * here; a flag without a severity counts as "unknown".
 */
export interface FlagCount {
  kind: string;
  severity: string;
  /** Distinct flags that appeared on any revision up to the final one. */
  raised: number;
  /** Raised, but gone from the final revision: the text was changed. */
  fixed: number;
  /** Still in the final revision, and a reviewer acknowledged or resolved it. */
  acknowledged: number;
}

export interface StoredFlag {
  id: string;
  kind: string;
  severity: string;
}

export const UNKNOWN_SEVERITY = 'unknown';

/** The flags of one stored grounding report, leniently: anything without an id and a kind is skipped. */
export function reportFlags(report: unknown): StoredFlag[] {
  const flags = (report as { flags?: unknown } | null)?.flags;
  if (!Array.isArray(flags)) return [];
  const out: StoredFlag[] = [];
  for (const f of flags as Record<string, unknown>[]) {
    if (!f || typeof f.id !== 'string' || typeof f.kind !== 'string') continue;
    const sev = f.severity;
    out.push({
      id: f.id,
      kind: f.kind,
      severity: typeof sev === 'string' && sev !== '' ? sev : typeof sev === 'number' ? String(sev) : UNKNOWN_SEVERITY,
    });
  }
  return out;
}

/**
 * raised = every distinct flag id seen on the revisions up to the final one (in order; a flag keeps
 * the kind and severity it was first raised with); fixed = raised and absent from the final report;
 * acknowledged = present in the final report with an acknowledgement. Whatever is left is still open.
 */
export function countFlags(
  reports: unknown[],
  finalReport: unknown,
  acknowledgedIds: ReadonlySet<string>,
): FlagCount[] {
  const raised = new Map<string, StoredFlag>();
  for (const r of [...reports, finalReport]) for (const f of reportFlags(r)) if (!raised.has(f.id)) raised.set(f.id, f);
  const inFinal = new Set(reportFlags(finalReport).map((f) => f.id));
  const counts = new Map<string, FlagCount>();
  for (const f of raised.values()) {
    const key = `${f.kind}\u0000${f.severity}`;
    let c = counts.get(key);
    if (!c) counts.set(key, (c = { kind: f.kind, severity: f.severity, raised: 0, fixed: 0, acknowledged: 0 }));
    c.raised++;
    if (!inFinal.has(f.id)) c.fixed++;
    else if (acknowledgedIds.has(f.id)) c.acknowledged++;
  }
  return [...counts.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.severity.localeCompare(b.severity));
}
