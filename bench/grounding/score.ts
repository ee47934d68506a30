/**
 * Scores grounding reports against the labels: a flag overlapping a planted change is a true
 * positive, any other flag a false positive, a planted change without a flag a false negative.
 */
import type { Flag, GroundingReport } from '../../server/grounding/types.js';
import type { EvalCase, Label } from './evalSet.js';

export interface KindScore {
  tp: number;
  fp: number;
  fn: number;
  flags: number;
  planted: number;
}

export interface Mistake {
  caseId: string;
  type: 'fp' | 'fn';
  kind: string;
  text: string;
  sentence: string;
  restyled?: Label;
}

export interface Score {
  byFlagKind: Map<string, KindScore>;
  byPlantedKind: Map<string, KindScore>;
  overall: { tp: number; fp: number; fn: number; flags: number; planted: number; precision: number; recall: number };
  restyledFlagged: number;
  restyled: number;
  items: number;
  mistakes: Mistake[];
}

const empty = (): KindScore => ({ tp: 0, fp: 0, fn: 0, flags: 0, planted: 0 });
const get = (m: Map<string, KindScore>, k: string) => m.get(k) ?? m.set(k, empty()).get(k)!;
const overlaps = (f: Flag, l: Label) => f.sectionKey === l.sectionKey && f.start < l.end && l.start < f.end;

export const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

// This set plants invented items; sentence-level findings (alignment) are measured by bench/grounding-intrinsic.ts.
const ITEM_KINDS = new Set(['number', 'percent', 'money', 'date', 'entity', 'quote', 'claim', 'unknown_source']);

export function score(cases: EvalCase[], all: GroundingReport[]): Score {
  const reports = all.map((r) => ({ ...r, flags: r.flags.filter((f) => ITEM_KINDS.has(f.kind)) }));
  const byFlagKind = new Map<string, KindScore>();
  const byPlantedKind = new Map<string, KindScore>();
  const mistakes: Mistake[] = [];
  let restyledFlagged = 0;
  let restyled = 0;
  let items = 0;
  cases.forEach((c, i) => {
    const report = reports[i];
    items += report.stats.items;
    const planted = c.labels.filter((l) => l.change === 'planted');
    for (const f of report.flags) {
      const s = get(byFlagKind, f.kind);
      s.flags++;
      if (planted.some((l) => overlaps(f, l))) s.tp++;
      else {
        s.fp++;
        mistakes.push({
          caseId: c.id,
          type: 'fp',
          kind: f.kind,
          text: f.text,
          sentence: f.sentence,
          restyled: c.labels.find((l) => l.change === 'restyled' && overlaps(f, l)),
        });
      }
    }
    for (const l of planted) {
      const s = get(byPlantedKind, l.kind);
      s.planted++;
      if (report.flags.some((f) => overlaps(f, l))) s.tp++;
      else {
        s.fn++;
        const section = c.input.sections.find((x) => x.key === l.sectionKey)!.text;
        mistakes.push({
          caseId: c.id,
          type: 'fn',
          kind: l.kind,
          text: `${l.original} -> ${l.replacement}`,
          sentence: section.slice(Math.max(0, l.start - 80), l.end + 80),
        });
      }
    }
    for (const l of c.labels.filter((x) => x.change === 'restyled')) {
      restyled++;
      if (report.flags.some((f) => overlaps(f, l))) restyledFlagged++;
    }
  });
  const sum = (m: Map<string, KindScore>, k: keyof KindScore) => [...m.values()].reduce((a, s) => a + s[k], 0);
  const tp = sum(byFlagKind, 'tp');
  const flags = sum(byFlagKind, 'flags');
  const detected = sum(byPlantedKind, 'tp');
  const plantedTotal = sum(byPlantedKind, 'planted');
  return {
    byFlagKind,
    byPlantedKind,
    restyledFlagged,
    restyled,
    items,
    mistakes,
    overall: {
      tp,
      fp: flags - tp,
      fn: plantedTotal - detected,
      flags,
      planted: plantedTotal,
      precision: ratio(tp, flags),
      recall: ratio(detected, plantedTotal),
    },
  };
}
