import type { Db } from '../../db/connect.js';
import type { Catalogue, ComputedFact, EarlierBriefing, PromptSource } from '../../../prompts/types.js';
import type { GroundingFact, GroundingSource } from '../../grounding/types.js';
import { NotFoundError } from '../../errors/AppError.js';
import { asRevisionContent, type RevisionContent } from '../revisionContent.js';
import { makeSourceAliases, type SourceAliases } from './sourceAliases.js';
import { fitSourceTexts } from './sourceBudget.js';

/**
 * A fact as stored on Briefing.facts: the collation's {term, matches, sourceIds}
 * plus the grounding check's {label, value}, so the Review side's re-checks of
 * edited revisions read the same facts without knowing about collation.
 */
export interface StoredFact {
  term: string;
  matches: number;
  sourceIds?: string[];
  label?: string;
  value?: number;
}

export function storedFact(f: { term: string; matches: number; sourceIds?: string[] }): Required<StoredFact> {
  return { term: f.term, matches: f.matches, sourceIds: f.sourceIds ?? [], ...groundingFact(f) };
}

function groundingFact(f: { term: string; matches: number }): GroundingFact {
  return { label: `"${f.term}" appears in ${f.matches} keyword-matched pieces in our database`, value: f.matches };
}

export interface DraftInputs {
  briefing: { id: string; title: string; state: string; currentRevisionId: string | null };
  /** Prompt sources carry aliases (S1…), not UUIDs. */
  lead: PromptSource;
  related: PromptSource[];
  facts: ComputedFact[];
  catalogue: Catalogue;
  aliases: SourceAliases;
  current: RevisionContent | null;
  /** A story update's earlier briefing as published (its live version), for the draft prompt. */
  earlier: EarlierBriefing | null;
  grounding: { sources: GroundingSource[]; facts: GroundingFact[] };
}

// Grounding reads the sources the model saw, plus margin: a 200,000-word source must not make every check slow.
const GROUNDING_CHARS = 200_000;

export function parseFacts(value: unknown): StoredFact[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f: unknown): f is StoredFact =>
      !!f &&
      typeof f === 'object' &&
      typeof (f as StoredFact).term === 'string' &&
      Number.isInteger((f as StoredFact).matches),
  );
}

/** Fact values the grounding check accepts as supported without a source. */
export function groundingFacts(facts: StoredFact[]): GroundingFact[] {
  return facts.map(groundingFact);
}

export async function loadCatalogue(db: Db): Promise<Catalogue> {
  const items = await db.catalogueItem.findMany({
    where: { active: true },
    select: { kind: true, name: true, description: true },
    orderBy: [{ position: 'asc' }, { name: 'asc' }],
  });
  const pick = (kind: string) =>
    items.filter((i) => i.kind === kind).map((i) => ({ name: i.name, description: i.description }));
  return { industries: pick('industry'), products: pick('product') };
}

/** Everything a generation of this briefing needs, read fresh when the job runs. */
export async function loadDraftInputs(db: Db, briefingId: string): Promise<DraftInputs> {
  const catalogue = loadCatalogue(db);
  catalogue.catch(() => undefined); // awaited below; an early throw must not leave it unhandled
  const b = await db.briefing.findUnique({
    where: { id: briefingId },
    select: {
      id: true,
      title: true,
      state: true,
      facts: true,
      leadSourceId: true,
      currentRevisionId: true,
      currentRevision: { select: { content: true } },
      updateOf: {
        select: {
          publications: {
            where: { supersededAt: null, unpublishedAt: null },
            take: 1,
            select: { title: true, bodyText: true, firstPublishedAt: true },
          },
        },
      },
      sources: {
        orderBy: { rank: 'asc' },
        select: {
          role: true,
          source: { select: { id: true, title: true, publisher: true, url: true, publishedAt: true, text: true } },
        },
      },
    },
  });
  if (!b) throw new NotFoundError('No such briefing.');
  const leadRow = b.sources.find((s) => s.source.id === b.leadSourceId)?.source;
  if (!leadRow) throw new NotFoundError('The briefing has lost its lead source.');
  const relatedRows = b.sources.filter((s) => s.source.id !== b.leadSourceId).map((s) => s.source);
  const ordered = [leadRow, ...relatedRows];
  const aliases = makeSourceAliases(ordered.map((s) => s.id));
  const fitted = fitSourceTexts(ordered.map((s) => s.text));
  const toPrompt = (s: (typeof ordered)[number], i: number): PromptSource => ({
    id: aliases.toAlias(s.id),
    title: s.title,
    publisher: s.publisher,
    url: s.url,
    publishedAt: s.publishedAt,
    text: fitted[i],
  });
  const facts = parseFacts(b.facts);
  return {
    briefing: { id: b.id, title: b.title, state: b.state, currentRevisionId: b.currentRevisionId },
    lead: toPrompt(leadRow, 0),
    related: relatedRows.map((r, i) => toPrompt(r, i + 1)),
    facts: facts.map((f) => ({ term: f.term, matches: f.matches })),
    catalogue: await catalogue,
    aliases,
    current: b.currentRevision ? asRevisionContent(b.currentRevision.content) : null,
    earlier: earlierOf(b.updateOf?.publications[0]),
    grounding: {
      sources: ordered.map((s) => ({
        id: s.id,
        title: s.title,
        text: s.text.slice(0, GROUNDING_CHARS),
        publisher: s.publisher,
        publishedAt: s.publishedAt,
      })),
      facts: groundingFacts(facts),
    },
  };
}

function earlierOf(p: { title: string; bodyText: string; firstPublishedAt: Date } | undefined): EarlierBriefing | null {
  return p ? { title: p.title, publishedAt: p.firstPublishedAt, text: p.bodyText } : null;
}
