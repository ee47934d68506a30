import { wordChanges } from './wordChanges.js';
import {
  EDITABLE_SECTIONS,
  SECTION_LABELS,
  sectionTexts,
  type EditableSection,
  type RevisionContent,
} from './content.js';

export interface DiffPart {
  text: string;
  op: 'same' | 'added' | 'removed';
}

export interface SectionDiff {
  section: EditableSection;
  label: string;
  changed: boolean;
  parts: DiffPart[];
  /** Both sides in full, for the merge view's copy-from boxes. */
  left: string;
  right: string;
}

export function wordDiff(a: string, b: string): DiffPart[] {
  return wordChanges(a, b).map((c) => ({
    text: c.value,
    op: c.added ? 'added' : c.removed ? 'removed' : 'same',
  }));
}

/** Word-level, section by section, so a reviewer sees where each change sits. */
export function diffContents(a: RevisionContent, b: RevisionContent): SectionDiff[] {
  const ta = sectionTexts(a);
  const tb = sectionTexts(b);
  return EDITABLE_SECTIONS.map((section) => ({
    section,
    label: SECTION_LABELS[section],
    changed: ta[section] !== tb[section],
    parts:
      ta[section] === tb[section] ? [{ text: ta[section], op: 'same' as const }] : wordDiff(ta[section], tb[section]),
    left: ta[section],
    right: tb[section],
  }));
}
