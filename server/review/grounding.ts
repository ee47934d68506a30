import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';
import { checkGrounding } from '../grounding/index.js';
import type { GroundingFact, GroundingReport } from '../grounding/types.js';
import { groundingSections, type RevisionContent } from './content.js';
import { groundingFacts, parseFacts } from '../drafting/briefings/loadDraftInputs.js';

type Tx = Prisma.TransactionClient;

// Briefing.facts as Drafting stores them ({term, matches, …}); read through Drafting's own mapping so a
// reviewer's re-check accepts exactly the computed figures the generation's check accepted.
export function readFacts(json: unknown): GroundingFact[] {
  return groundingFacts(parseFacts(json));
}

/** Re-checks content against the briefing's own sources and computed facts, as a generation's check does. */
export async function groundContent(
  tx: Tx,
  briefingId: string,
  content: RevisionContent,
  facts: unknown,
): Promise<GroundingReport> {
  const links = await tx.briefingSource.findMany({
    where: { briefingId },
    orderBy: { rank: 'asc' },
    select: { source: { select: { id: true, title: true, text: true } } },
  });
  return checkGrounding({
    sections: groundingSections(content),
    claims: content.claims,
    sources: links.map((l) => ({ id: l.source.id, title: l.source.title, text: l.source.text })),
    facts: readFacts(facts),
  });
}

const storedReport = z
  .object({
    flags: z
      .array(
        z
          .object({
            id: z.string(),
            sectionKey: z.string(),
            sentence: z.string(),
            sentenceStart: z.number(),
            sentenceEnd: z.number(),
            kind: z.string(),
            text: z.string(),
            message: z.string(),
            start: z.number(),
            end: z.number(),
            claimIndex: z.number().optional(),
            sourceId: z.string().optional(),
          })
          .loose(),
      )
      .catch([]),
    supported: z
      .array(
        z
          .object({
            sectionKey: z.string(),
            kind: z.string(),
            text: z.string(),
            start: z.number(),
            end: z.number(),
            sourceId: z.string().optional(),
            sourceStart: z.number().optional(),
            sourceEnd: z.number().optional(),
            snippet: z.string().optional(),
            claimIndex: z.number().optional(),
          })
          .loose(),
      )
      .catch([]),
  })
  .loose();

/** A stored report, read defensively: a revision without one (or an older shape) has no flags. */
export function readReport(json: unknown): GroundingReport {
  const r = storedReport.safeParse(json ?? {});
  const data = r.success ? r.data : { flags: [], supported: [] };
  return {
    flags: data.flags,
    supported: data.supported,
    stats: { items: 0, supported: data.supported.length, unsupported: data.flags.length },
  } as unknown as GroundingReport;
}
