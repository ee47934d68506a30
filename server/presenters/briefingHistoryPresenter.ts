import type { briefingHistory } from '../queries/review/briefingHistory.js';
import type { revisionDiff } from '../queries/review/revisionDiff.js';
import type { Actor } from '../policies/actor.js';
import { can, stateLabel } from '../review/workflow.js';

type History = Awaited<ReturnType<typeof briefingHistory>>;

export function presentHistory(h: History, actor: Actor) {
  const revisions = h.revisions.map((r) => ({
    id: r.id,
    number: r.number,
    shortHash: r.contentHash.slice(0, 12),
    contentHash: r.contentHash,
    createdAt: r.createdAt.toISOString(),
    note: r.note,
    author: r.authorId
      ? (h.authors.get(r.authorId) ?? 'a former user')
      : r.generation
        ? r.generation.offline
          ? 'Offline drafter'
          : `AI draft (${r.generation.model ?? 'model unknown'})`
        : 'system',
    generated: Boolean(r.generationId),
    generationKind: r.generation?.kind ?? null,
    current: r.id === h.briefing.currentRevisionId,
    restoredFromNumber: r.restoredFromId ? (h.revisions.find((x) => x.id === r.restoredFromId)?.number ?? null) : null,
    signedBy: r.signOffs.filter((s) => !s.voidedAt).map((s) => s.reviewerName),
  }));
  const first = revisions[revisions.length - 1];
  const current = revisions.find((r) => r.current);
  return {
    title: `History: ${h.briefing.title}`,
    briefing: {
      id: h.briefing.id,
      title: h.briefing.title,
      state: h.briefing.state,
      stateLabel: stateLabel(h.briefing.state),
      currentRevisionId: h.briefing.currentRevisionId,
    },
    revisions: revisions.map((r) => ({ ...r, fromSelected: r.id === first?.id, toSelected: r.current })),
    firstVsCurrent: first && current && first.id !== current.id ? { from: first.id, to: current.id } : null,
    can: { restore: can(actor, h.briefing.state, 'restore') },
  };
}

export function presentDiff(d: Awaited<ReturnType<typeof revisionDiff>>, briefing: { id: string; title: string }) {
  return {
    title: `Changes: revision ${d.from.number} → ${d.to.number}`,
    briefing,
    from: {
      id: d.from.id,
      number: d.from.number,
      generated: Boolean(d.from.generationId),
      createdAt: d.from.createdAt.toISOString(),
    },
    to: {
      id: d.to.id,
      number: d.to.number,
      generated: Boolean(d.to.generationId),
      createdAt: d.to.createdAt.toISOString(),
    },
    sections: d.sections.map((s) => ({
      ...s,
      parts: s.parts.map((p) => ({ text: p.text, added: p.op === 'added', removed: p.op === 'removed' })),
    })),
    unchanged: d.sections.every((s) => !s.changed),
  };
}
