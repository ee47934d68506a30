import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';
import { checkGrounding } from '../grounding/index.js';
import type { GroundingFact, GroundingReport, GroundingSource } from '../grounding/types.js';
import { severityOf } from '../grounding/severity.js';
import { applyEdits, groundingSections, sectionOfKey, type RevisionContent } from './content.js';
import { groundingFacts, parseFacts } from '../drafting/briefings/loadDraftInputs.js';

type Tx = Prisma.TransactionClient;

// Briefing.facts as Drafting stores them ({term, matches, …}); read through Drafting's own mapping so a
// reviewer's re-check accepts exactly the computed figures the generation's check accepted.
export function readFacts(json: unknown): GroundingFact[] {
  return groundingFacts(parseFacts(json));
}

/** The briefing's sources in rank order, numbered S1… as the draft page and the prompts number them. */
export async function groundingSources(tx: Tx, briefingId: string): Promise<GroundingSource[]> {
  const links = await tx.briefingSource.findMany({
    where: { briefingId },
    orderBy: { rank: 'asc' },
    select: { source: { select: { id: true, title: true, text: true, publisher: true, publishedAt: true } } },
  });
  return links.map(({ source: s }) => ({
    id: s.id,
    title: s.title,
    text: s.text,
    publisher: s.publisher,
    publishedAt: s.publishedAt,
  }));
}

/** Re-checks content against the briefing's own sources and computed facts, as a generation's check does. */
export async function groundContent(
  tx: Tx,
  briefingId: string,
  content: RevisionContent,
  facts: unknown,
): Promise<GroundingReport> {
  return checkGrounding({
    sections: groundingSections(content),
    claims: content.claims,
    sources: await groundingSources(tx, briefingId),
    facts: readFacts(facts),
  });
}

/**
 * One editable section's text (as its editor holds it) checked on its own: only its sentences are
 * aligned, against the same sources and facts as a save, so flag ids agree with what a save would store.
 */
export function groundSection(
  current: RevisionContent,
  section: 'title' | 'thirtySecondBriefing' | 'technicalBrief' | 'ourTake',
  text: string,
  sources: GroundingSource[],
  facts: unknown,
): GroundingReport {
  const edited = applyEdits(current, { [section]: text }, []);
  return checkGrounding({
    sections: groundingSections(edited).filter((s) => sectionOfKey(s.key) === section),
    sources,
    facts: readFacts(facts),
  });
}

const sourceSpan = z
  .object({
    sourceId: z.string(),
    sourceNumber: z.number().catch(0),
    field: z.enum(['body', 'title']).catch('body'),
    start: z.number(),
    end: z.number(),
    text: z.string().catch(''),
    paragraph: z.number().catch(0),
  })
  .loose();

const storedFlag = z
  .object({
    id: z.string(),
    sectionKey: z.string(),
    sentence: z.string(),
    sentenceStart: z.number(),
    sentenceEnd: z.number(),
    kind: z.string(),
    // Version 1 reports had no severity: every flag then had to be acknowledged, so it blocked.
    severity: z.enum(['blocking', 'advisory']).optional(),
    text: z.string(),
    message: z.string(),
    start: z.number(),
    end: z.number(),
    claimIndex: z.number().optional(),
    sourceId: z.string().optional(),
    evidence: sourceSpan.optional().catch(undefined),
    alignmentId: z.string().optional(),
  })
  .loose();

const storedAlignment = z
  .object({
    id: z.string(),
    sectionKey: z.string(),
    start: z.number(),
    end: z.number(),
    text: z.string(),
    score: z.number(),
    shape: z.enum(['none', 'single', 'adjacent', 'distant']).catch('single'),
    passages: z.array(sourceSpan.extend({ sentence: z.number().catch(0) })).catch([]),
    differences: z
      .array(
        z.object({
          draft: z.object({ start: z.number(), end: z.number(), text: z.string() }).nullable(),
          source: sourceSpan.nullable(),
        }),
      )
      .catch([]),
    flagIds: z.array(z.string()).catch([]),
    verdicts: z
      .array(z.object({ by: z.string(), verdict: z.enum(['supported', 'contradicted', 'not_in_sources']) }).loose())
      .catch([]),
  })
  .loose();

const storedReport = z
  .object({
    version: z.number().catch(1),
    flags: z.array(storedFlag).catch([]),
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
    alignments: z.array(storedAlignment).catch([]),
  })
  .loose();

/**
 * A stored report, read defensively: a revision without one has no flags; a version 1 report
 * (before alignment) has no alignments and every flag blocking; a flag a later build added reads
 * as blocking until this build knows it.
 */
export function readReport(json: unknown): GroundingReport {
  const r = storedReport.safeParse(json ?? {});
  const data = r.success ? r.data : { version: 1, flags: [], supported: [], alignments: [] };
  const flags = data.flags.map((f) => ({ ...f, severity: f.severity ?? severityOf(f.kind) }));
  const blocking = flags.filter((f) => f.severity === 'blocking').length;
  return {
    version: data.version,
    flags,
    supported: data.supported,
    alignments: data.alignments,
    stats: {
      items: 0,
      supported: data.supported.length,
      unsupported: flags.length,
      sentences: data.alignments.length,
      aligned: data.alignments.filter((a) => a.passages.length > 0).length,
      blocking,
      advisory: flags.length - blocking,
    },
  } as GroundingReport;
}
