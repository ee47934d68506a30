import { z } from 'zod';
import type { TechnicalBullet } from '../drafting/draftSchema.js';
import {
  contentHash as draftingContentHash,
  groundingSections as draftingGroundingSections,
  type RevisionContent,
} from '../drafting/revisionContent.js';
import type { GroundingSection } from '../grounding/types.js';

export type { RevisionContent };

/** Sections a reviewer edits, in page order. Claims and slug stay with the draft that made them. */
export const EDITABLE_SECTIONS = ['title', 'thirtySecondBriefing', 'technicalBrief', 'ourTake', 'keywords'] as const;
export type EditableSection = (typeof EDITABLE_SECTIONS)[number];

export const SECTION_LABELS: Record<EditableSection, string> = {
  title: 'Title',
  thirtySecondBriefing: '30 Second Briefing',
  technicalBrief: 'Technical Brief',
  ourTake: 'Our Take',
  keywords: 'Keywords',
};

// Stored JSON is read leniently: an older or partial revision still renders and stays editable.
const storedContent = z.object({
  title: z.string().catch(''),
  slug: z.string().catch(''),
  slugSuggestion: z.string().optional().catch(undefined),
  thirtySecondBriefing: z.string().catch(''),
  technicalBrief: z.array(z.object({ text: z.string().catch(''), sourceIds: z.array(z.string()).catch([]) })).catch([]),
  ourTake: z.array(z.string()).catch([]),
  keywords: z.array(z.string()).catch([]),
  industries: z.array(z.string()).catch([]),
  products: z.array(z.string()).catch([]),
  claims: z.array(z.object({ text: z.string(), sourceId: z.string(), evidenceQuote: z.string() })).catch([]),
});

export function readContent(json: unknown): RevisionContent {
  const parsed = storedContent.safeParse(json ?? {});
  const { slugSuggestion, ...c } = parsed.success ? parsed.data : storedContent.parse({});
  return { ...c, slug: c.slug || slugSuggestion || '' };
}

/** The one hash of revision content (Drafting's canonical JSON), so generated and saved revisions compare. */
export function contentHash(content: RevisionContent): string {
  return draftingContentHash(content);
}

/** What a save may change; text sections arrive as the textarea's text or as structured values. */
export interface SectionEdits {
  title?: string;
  thirtySecondBriefing?: string;
  technicalBrief?: string | TechnicalBullet[];
  ourTake?: string | string[];
  keywords?: string | string[];
}

/** Bullets as the reviewer edits them: one "- " line each. */
export function bulletsToText(bullets: TechnicalBullet[]): string {
  return bullets.map((b) => `- ${b.text}`).join('\n');
}

export function paragraphsToText(paragraphs: string[]): string {
  return paragraphs.join('\n\n');
}

function textToBullets(text: string, before: TechnicalBullet[], fallbackSourceIds: string[]): TechnicalBullet[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*[-*•]\s?/, '').trim())
    .filter(Boolean);
  // A bullet keeps its citations when its text is unchanged, else those of the bullet it replaced.
  return lines.map((line, i) => ({
    text: line,
    sourceIds: before.find((b) => b.text === line)?.sourceIds ?? before[i]?.sourceIds ?? fallbackSourceIds,
  }));
}

function textToParagraphs(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The keywords field as typed: one per comma or line, trimmed, each once. */
export function textToKeywords(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  ];
}

export function applyEdits(before: RevisionContent, edits: SectionEdits, fallbackSourceIds: string[]): RevisionContent {
  const next: RevisionContent = structuredClone(before);
  if (edits.title !== undefined) next.title = edits.title.trim();
  if (edits.thirtySecondBriefing !== undefined)
    next.thirtySecondBriefing = edits.thirtySecondBriefing.replace(/\r\n/g, '\n').trim();
  if (edits.technicalBrief !== undefined) {
    next.technicalBrief =
      typeof edits.technicalBrief === 'string'
        ? textToBullets(edits.technicalBrief, before.technicalBrief, fallbackSourceIds)
        : edits.technicalBrief.map((b) => ({ text: b.text.trim(), sourceIds: b.sourceIds }));
  }
  if (edits.ourTake !== undefined) {
    next.ourTake =
      typeof edits.ourTake === 'string'
        ? textToParagraphs(edits.ourTake)
        : edits.ourTake.map((p) => p.trim()).filter(Boolean);
  }
  if (edits.keywords !== undefined) {
    next.keywords =
      typeof edits.keywords === 'string'
        ? textToKeywords(edits.keywords)
        : [...new Set(edits.keywords.map((k) => k.trim()).filter(Boolean))];
  }
  return next;
}

/** Each section as one editable / checkable text; the same mapping the grounding CLI uses, so flag ids agree. */
export function sectionTexts(content: RevisionContent): Record<EditableSection, string> {
  return {
    title: content.title,
    thirtySecondBriefing: content.thirtySecondBriefing,
    technicalBrief: bulletsToText(content.technicalBrief),
    ourTake: paragraphsToText(content.ourTake),
    keywords: content.keywords.join(', '),
  };
}

/**
 * The texts grounding checks, keyed as generations key them ("technicalBrief.0", "ourTake.1"):
 * flag ids hash the key, so a reviewer's save must key them identically for acknowledgements to carry over.
 */
export function groundingSections(content: RevisionContent): GroundingSection[] {
  return draftingGroundingSections(content);
}

/** "ourTake.2" → "ourTake": the editable section a grounding key belongs to. */
export function sectionOfKey(key: string): string {
  return key.split('.')[0];
}

/** Plain text of the whole briefing, section by section, for word-level diffs. */
export function contentAsText(content: RevisionContent): string {
  const t = sectionTexts(content);
  return EDITABLE_SECTIONS.map((s) => `## ${SECTION_LABELS[s]}\n${t[s]}`).join('\n\n');
}
