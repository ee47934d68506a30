import { StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';

export interface Mark {
  from: number;
  to: number;
  severity: string;
  message: string;
}

export const setMarks = StateEffect.define<Mark[]>();

/** The section's flagged spans, underlined in the editor; they follow the text until the next re-check replaces them. */
export const flagMarks: Extension = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setMarks)) continue;
      const ranges = e.value
        .filter((m) => m.to > m.from && m.to <= tr.state.doc.length)
        .sort((a, b) => a.from - b.from || a.to - b.to)
        .map((m) =>
          Decoration.mark({
            class: `cm-flag cm-flag-${m.severity === 'advisory' ? 'advisory' : 'blocking'}`,
            attributes: { title: m.message },
          }).range(m.from, m.to),
        );
      next = Decoration.set(ranges, true);
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});
