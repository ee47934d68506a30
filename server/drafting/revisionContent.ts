import { createHash } from 'node:crypto';
import type { Draft, DraftClaim, DraftSection } from './draftSchema.js';
import type { GroundingSection } from '../grounding/types.js';

/**
 * What a Revision.content holds: the Draft shape with `slug` for the draft's
 * slugSuggestion. Source ids are real Source UUIDs. Reviewers' saves and
 * generations both write exactly this shape, so sections can be swapped
 * between them without conversion.
 */
export type RevisionContent = Omit<Draft, 'slugSuggestion'> & { slug: string };

export function draftToContent(d: Draft): RevisionContent {
  return {
    title: d.title,
    slug: d.slugSuggestion,
    thirtySecondBriefing: d.thirtySecondBriefing,
    technicalBrief: d.technicalBrief.map((b) => ({ text: b.text, sourceIds: [...b.sourceIds] })),
    ourTake: [...d.ourTake],
    keywords: [...d.keywords],
    industries: [...d.industries],
    products: [...d.products],
    claims: d.claims.map((c) => ({ text: c.text, sourceId: c.sourceId, evidenceQuote: c.evidenceQuote })),
  };
}

export function contentToDraft(c: RevisionContent): Draft {
  const { slug, ...rest } = c;
  return { ...rest, slugSuggestion: slug };
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

/** Key order must not matter: a sign-off binds to this hash, and JSON columns do not keep key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

/** sha256 (hex) of the canonical JSON (keys sorted at every level). */
export function contentHash(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** The prose the grounding check reads, one entry per section (bullets and paragraphs separately keyed). */
export function groundingSections(c: RevisionContent): GroundingSection[] {
  return [
    { key: 'title', text: c.title },
    { key: 'thirtySecondBriefing', text: c.thirtySecondBriefing },
    ...c.technicalBrief.map((b, i) => ({ key: `technicalBrief.${i}`, text: b.text })),
    ...c.ourTake.map((p, i) => ({ key: `ourTake.${i}`, text: p })),
  ];
}

function sectionText(c: RevisionContent, section: DraftSection): string {
  switch (section) {
    case 'title':
      return c.title;
    case 'thirtySecondBriefing':
      return c.thirtySecondBriefing;
    case 'technicalBrief':
      return c.technicalBrief.map((b) => b.text).join('\n');
    case 'ourTake':
      return c.ourTake.join('\n');
  }
}

/**
 * The current content with one section swapped for regenerated text. Every
 * other field is kept exactly as it is (a reviewer's edits included). Claims
 * that quoted the old section go; the new section's claims are appended.
 */
export function replaceSection(
  current: RevisionContent,
  section: DraftSection,
  update: Partial<Pick<RevisionContent, DraftSection>> & { claims: DraftClaim[] },
): RevisionContent {
  const oldText = sectionText(current, section);
  const keptClaims = current.claims.filter((c) => !(c.text.trim() && oldText.includes(c.text.trim())));
  const next: RevisionContent = { ...current, claims: [...keptClaims, ...update.claims] };
  if (section === 'title') next.title = update.title!;
  if (section === 'thirtySecondBriefing') next.thirtySecondBriefing = update.thirtySecondBriefing!;
  if (section === 'technicalBrief') next.technicalBrief = update.technicalBrief!;
  if (section === 'ourTake') next.ourTake = update.ourTake!;
  return next;
}

/** Loose check for content read back from a JSON column (rows written by other code paths). */
export function asRevisionContent(value: unknown): RevisionContent {
  const v = (value ?? {}) as Partial<RevisionContent> & { slugSuggestion?: string };
  return {
    title: String(v.title ?? ''),
    slug: String(v.slug ?? v.slugSuggestion ?? ''),
    thirtySecondBriefing: String(v.thirtySecondBriefing ?? ''),
    technicalBrief: Array.isArray(v.technicalBrief) ? v.technicalBrief : [],
    ourTake: Array.isArray(v.ourTake) ? v.ourTake : [],
    keywords: Array.isArray(v.keywords) ? v.keywords : [],
    industries: Array.isArray(v.industries) ? v.industries : [],
    products: Array.isArray(v.products) ? v.products : [],
    claims: Array.isArray(v.claims) ? v.claims : [],
  };
}
