import type { revisionChain } from '../queries/review/revisionChain.js';
import { readContent, type EditableSection } from '../review/content.js';
import { trackChanges } from '../review/trackChanges.js';

type Chain = Awaited<ReturnType<typeof revisionChain>>;
type Revision = Chain['revisions'][number];

function writer(r: Revision, authors: Map<string, string>): string {
  if (r.authorId) return authors.get(r.authorId) ?? 'a former user';
  if (!r.generation) return 'system';
  if (r.generation.offline) return 'Offline drafter';
  return r.generation.kind === 'draft' ? 'AI draft' : 'AI regeneration';
}

export interface SectionChanges {
  fromNumber: number;
  toNumber: number;
  changed: boolean;
  parts: { text: string; added: boolean; removed: boolean; by: string | null; revision: number | null }[];
  authors: { name: string; revisions: number[] }[];
}

/** Track changes for the draft page: per section, first AI draft → current, each change with its author's name. */
export function presentTrackChanges(chain: Chain): Partial<Record<EditableSection, SectionChanges>> {
  const revs = chain.revisions;
  if (revs.length === 0) return {};
  const names = revs.map((r) => writer(r, chain.authors));
  const bySection = trackChanges(revs.map((r) => readContent(r.content)));
  const out: Partial<Record<EditableSection, SectionChanges>> = {};
  for (const [section, parts] of Object.entries(bySection) as [EditableSection, typeof bySection.title][]) {
    const authors = new Map<string, Set<number>>();
    const view = parts.map((p) => {
      const rev = p.by === null ? null : revs[p.by];
      const name = p.by === null ? 'unknown' : names[p.by];
      if (p.op !== 'same' && rev) authors.set(name, (authors.get(name) ?? new Set()).add(rev.number));
      return {
        text: p.text,
        added: p.op === 'added',
        removed: p.op === 'removed',
        by: p.op === 'same' ? null : name,
        revision: rev?.number ?? null,
      };
    });
    out[section] = {
      fromNumber: revs[0].number,
      toNumber: revs[revs.length - 1].number,
      changed: view.some((p) => p.added || p.removed),
      parts: view,
      authors: [...authors].map(([name, numbers]) => ({ name, revisions: [...numbers].sort((a, b) => a - b) })),
    };
  }
  return out;
}

/** Puts each section's changes beside it in the draft page's model (the `?changes=1` view). */
export function withTrackChanges<M extends { sections: { key: EditableSection }[] }>(
  model: M,
  changes: Partial<Record<EditableSection, SectionChanges>>,
): M {
  return { ...model, sections: model.sections.map((s) => ({ ...s, changes: changes[s.key] ?? null })) };
}
