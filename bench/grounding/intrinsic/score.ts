/**
 * Sentence-level scoring: a labelled sentence is "flagged" when a flag starts inside it.
 * An error sentence flagged is a hit; a true sentence flagged is a false alarm.
 */
import type { Flag, GroundingReport } from '../../../server/grounding/types.js';
import type { Group, IntrinsicCase, SentenceLabel } from './buildSet.js';

export interface Tally {
  n: number;
  /** Flagged by any flag. */
  any: number;
  /** Flagged by a blocking flag. */
  blocking: number;
}

export interface Miss {
  caseId: string;
  kind: string;
  detail: string;
  sentence: string;
  flags: string[];
}

export interface IntrinsicScore {
  byKind: Map<string, Tally>;
  byGroup: Record<Group, Tally>;
  /** Flags by kind: how many, and how many sat on true sentences. */
  flagKinds: Map<string, { flags: number; onTrue: number }>;
  misses: Miss[];
  falseAlarms: Miss[];
}

const empty = (): Tally => ({ n: 0, any: 0, blocking: 0 });

function flagsOn(report: GroundingReport, l: SentenceLabel): Flag[] {
  return report.flags.filter(
    (f) => f.sectionKey === l.sectionKey && f.start >= l.sentenceStart && f.start < l.sentenceEnd,
  );
}

export function scoreIntrinsic(cases: IntrinsicCase[], reports: GroundingReport[]): IntrinsicScore {
  const byKind = new Map<string, Tally>();
  const byGroup: Record<Group, Tally> = { error: empty(), invented: empty(), true: empty() };
  const flagKinds = new Map<string, { flags: number; onTrue: number }>();
  const misses: Miss[] = [];
  const falseAlarms: Miss[] = [];
  cases.forEach((c, i) => {
    const report = reports[i];
    for (const l of c.labels) {
      const flags = flagsOn(report, l);
      const kind = byKind.get(l.kind) ?? byKind.set(l.kind, empty()).get(l.kind)!;
      const any = flags.length > 0;
      const blocking = flags.some((f) => f.severity === 'blocking');
      for (const t of [kind, byGroup[l.group]]) {
        t.n++;
        if (any) t.any++;
        if (blocking) t.blocking++;
      }
      for (const f of flags) {
        const fk = flagKinds.get(f.kind) ?? flagKinds.set(f.kind, { flags: 0, onTrue: 0 }).get(f.kind)!;
        fk.flags++;
        if (l.group === 'true') fk.onTrue++;
      }
      const section = c.input.sections.find((s) => s.key === l.sectionKey)!.text;
      const entry = {
        caseId: c.id,
        kind: l.kind,
        detail: l.detail,
        sentence: section.slice(l.sentenceStart, l.sentenceEnd),
        flags: flags.map((f) => `${f.kind}/${f.severity}: ${f.message}`),
      };
      if (l.group !== 'true' && !any) misses.push(entry);
      if (l.group === 'true' && any) falseAlarms.push(entry);
    }
  });
  return { byKind, byGroup, flagKinds, misses, falseAlarms };
}

export const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

/** Sentence-level precision and recall of one group against the true sentences. */
export function groupFigures(s: IntrinsicScore, group: 'error' | 'invented', use: 'any' | 'blocking') {
  const hit = s.byGroup[group][use];
  const alarms = s.byGroup.true[use];
  // Precision at equal numbers of error and true sentences, so it does not depend on the mix.
  const alarmRate = ratio(alarms, s.byGroup.true.n);
  const recall = ratio(hit, s.byGroup[group].n);
  return { recall, alarmRate, precision: recall + alarmRate === 0 ? 1 : recall / (recall + alarmRate) };
}
