import type { Prisma } from '../generated/prisma/client.js';
import type { DraftingStep, Provenance, ProvenanceSource } from './render/provenance.js';

type Tx = Prisma.TransactionClient;

const SOURCE_SELECT = {
  id: true,
  url: true,
  publisher: true,
  title: true,
  publishedAt: true,
  contentHash: true,
} as const;

/**
 * The sources and model runs behind a revision, read at publish time and kept in the snapshot,
 * so the page and the signed record say what was true then even after a source changes.
 * Model runs: the last whole-briefing generation up to this revision and the section
 * regenerations after it (an earlier full draft was replaced and is no part of the text).
 */
export async function gatherProvenance(tx: Tx, briefingId: string, revisionNumber: number): Promise<Provenance> {
  const [briefing, links, generated] = await Promise.all([
    tx.briefing.findUniqueOrThrow({ where: { id: briefingId }, select: { leadSource: { select: SOURCE_SELECT } } }),
    tx.briefingSource.findMany({
      where: { briefingId },
      select: { role: true, rank: true, source: { select: SOURCE_SELECT } },
      orderBy: { rank: 'asc' },
    }),
    tx.revision.findMany({
      where: { briefingId, number: { lte: revisionNumber }, generationId: { not: null } },
      select: { generation: { select: { kind: true, model: true, templateVersion: true, offline: true } } },
      orderBy: { number: 'asc' },
    }),
  ]);
  const row = (role: string, s: typeof briefing.leadSource): ProvenanceSource => ({
    role,
    url: s.url,
    publisher: s.publisher,
    title: s.title,
    publishedAt: s.publishedAt?.toISOString() ?? null,
    contentHash: s.contentHash,
  });
  const lead = briefing.leadSource;
  const sources = [
    row('lead', lead),
    ...links.filter((l) => l.source.id !== lead.id).map((l) => row(l.role === 'lead' ? 'related' : l.role, l.source)),
  ];

  let drafting: DraftingStep[] = [];
  for (const { generation: g } of generated) {
    if (!g) continue;
    const step = { model: g.model ?? 'unknown model', promptVersion: g.templateVersion, offline: g.offline };
    if (g.kind !== 'regenerate_section') drafting = [step];
    else if (!drafting.some((d) => d.model === step.model && d.promptVersion === step.promptVersion))
      drafting.push(step);
  }
  return { sources, drafting };
}
