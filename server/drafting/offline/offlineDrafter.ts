/**
 * The drafter used when no LLM is configured: it only selects and arranges
 * real sentences from the sources (and states the system's computed facts),
 * so it cannot invent anything, and it is deterministic for the same input.
 * Its output is schema-valid so the rest of the workflow cannot tell the
 * difference, but it is labelled so the UI can say "offline draft — no LLM".
 */
import { createHash } from 'node:crypto';
import { BadRequestError } from '../../errors/AppError.js';
import { FIELD_CAPS, makeDraftSchema, type Draft, type DraftClaim, type TechnicalBullet } from '../draftSchema.js';
import { sanitizeLine } from '../../../prompts/shared/sanitize.js';
import type { Catalogue, ComputedFact, PromptSource } from '../../../prompts/types.js';
import { contentTerms, extractKeywords, termFrequencies } from './keywords.js';
import { splitSentences, type Sentence } from './sentences.js';

export const OFFLINE_MODEL = 'offline-drafter';
export const OFFLINE_LABEL = 'offline draft — no LLM';

export interface OfflineDraftInput {
  lead: PromptSource;
  related: PromptSource[];
  facts: ComputedFact[];
  catalogue: Catalogue;
}

export interface OfflineDraftResult {
  output: Draft;
  raw: string;
  offline: true;
  model: typeof OFFLINE_MODEL;
  label: typeof OFFLINE_LABEL;
}

interface Candidate extends Sentence {
  sourceId: string;
  lead: boolean;
  score: number;
}

/**
 * How much the offline drafter takes from the sources. Its version (recorded on each generation as
 * the prompt version, like a template hash) is the hash of these settings, so changing them shows up
 * as a new version on the Insights page.
 */
export interface OfflineStyle {
  /** Most sentences and words in the 30 Second Briefing. */
  briefingSentences: number;
  briefingWords: number;
  /** Lead sentences in the Technical Brief, and bullets in all (the rest come from related sources). */
  leadBullets: number;
  maxBullets: number;
}

export const OFFLINE_STYLE: OfflineStyle = { briefingSentences: 4, briefingWords: 130, leadBullets: 4, maxBullets: 6 };

export function offlineVersion(style: OfflineStyle): string {
  const canonical = JSON.stringify([style.briefingSentences, style.briefingWords, style.leadBullets, style.maxBullets]);
  return `offline-${createHash('sha256').update(canonical).digest('hex').slice(0, 8)}`;
}

/** Sentences worth quoting: readable length, and nothing that sanitising would change (hidden text, markup, links). */
function usable(s: Sentence): boolean {
  const words = s.text.split(' ').length;
  if (words < 5 || words > 60) return false;
  if (/https?:\/\/|www\.|[<>{}]|```/.test(s.raw)) return false;
  return sanitizeLine(s.raw) === s.text;
}

function rank(sentences: Sentence[], sourceId: string, isLead: boolean, weights: Map<string, number>): Candidate[] {
  return sentences.filter(usable).map((s) => {
    const terms = new Set(contentTerms(s.text));
    let overlap = 0;
    for (const t of terms) overlap += weights.get(t) ?? 0;
    const specific = /\d/.test(s.text) ? 1.3 : 1; // figures are what readers of a briefing need
    const position = isLead ? 1 + 1 / (1 + s.index) : 1; // news puts the essentials first
    return { ...s, sourceId, lead: isLead, score: (overlap / Math.sqrt(terms.size + 1)) * specific * position };
  });
}

const byScore = (a: Candidate, b: Candidate) =>
  b.score - a.score || a.index - b.index || a.sourceId.localeCompare(b.sourceId);
const bySourceOrder = (a: Candidate, b: Candidate) => a.start - b.start;

function slugify(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .match(/[a-z0-9]+/g);
  return (words ?? ['briefing']).slice(0, 8).join('-');
}

function factSentence(f: ComputedFact): string {
  const term = sanitizeLine(f.term);
  return `The term "${term}" appears in ${f.matches} keyword-matched ${f.matches === 1 ? 'piece' : 'pieces'} in our database.`;
}

function matchCatalogue(entries: Catalogue['industries'], haystack: string, keywords: string[]): string[] {
  const text = haystack.toLowerCase();
  const keyTerms = new Set(keywords.flatMap((k) => k.split(' ')));
  return entries
    .filter((e) => {
      const name = e.name.toLowerCase();
      if (
        new RegExp(`(^|[^\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(
          text,
        )
      )
        return true;
      const shared = contentTerms(e.description ?? '').filter((t) => keyTerms.has(t));
      return new Set(shared).size >= 2;
    })
    .map((e) => e.name);
}

export function draftOffline(input: OfflineDraftInput, style: OfflineStyle = OFFLINE_STYLE): OfflineDraftResult {
  const leadText = input.lead.text ?? '';
  const leadTitle = sanitizeLine(input.lead.title ?? '');
  const weights = termFrequencies([leadTitle, leadTitle, leadText]);

  const leadSentences = rank(splitSentences(leadText), input.lead.id, true, weights).sort(byScore);
  if (leadSentences.length === 0) {
    throw new BadRequestError(
      'lead_source_empty',
      `The lead source "${input.lead.id}" has no usable text to draft from.`,
    );
  }
  const relatedRanked = input.related.map((r) =>
    rank(splitSentences(r.text ?? ''), r.id, false, weights).sort(byScore),
  );

  // 30 Second Briefing: the best lead sentences, read in the article's order.
  const briefing: Candidate[] = [];
  let words = 0;
  for (const s of leadSentences) {
    const w = s.text.split(' ').length;
    if (briefing.length >= style.briefingSentences || (briefing.length > 0 && words + w > style.briefingWords))
      continue;
    briefing.push(s);
    words += w;
  }
  briefing.sort(bySourceOrder);

  // Technical Brief: the next lead sentences, preferring ones with figures, then the best of each related source.
  const unused = leadSentences.filter((s) => !briefing.includes(s));
  const bullets: Candidate[] = [
    ...unused.filter((s) => /\d/.test(s.text)),
    ...unused.filter((s) => !/\d/.test(s.text)),
  ].slice(0, style.leadBullets);
  for (const r of relatedRanked) if (r[0] && bullets.length < style.maxBullets) bullets.push(r[0]);
  if (bullets.length === 0) bullets.push(leadSentences[0]);
  const technicalBrief: TechnicalBullet[] = bullets.map((s) => ({ text: s.text, sourceIds: [s.sourceId] }));

  // Our Take: the computed facts, then what the related coverage adds.
  const ourTake: string[] = [];
  const facts = input.facts.filter((f) => Number.isInteger(f.matches) && f.matches > 0 && sanitizeLine(f.term));
  if (facts.length) ourTake.push(facts.slice(0, 4).map(factSentence).join(' '));
  const takeSentences: Candidate[] = [];
  for (const r of relatedRanked) {
    if (ourTake.length >= 4) break;
    const picked = r
      .filter((s) => !bullets.includes(s))
      .slice(0, 2)
      .sort(bySourceOrder);
    if (picked.length === 0) continue;
    takeSentences.push(...picked);
    ourTake.push(picked.map((s) => s.text).join(' '));
  }
  if (ourTake.length < 2) {
    const rest = unused
      .filter((s) => !bullets.includes(s))
      .slice(0, 2)
      .sort(bySourceOrder);
    if (rest.length) {
      takeSentences.push(...rest);
      ourTake.push(rest.map((s) => s.text).join(' '));
    }
  }
  // Placeholders say what is missing instead of inventing analysis; the reviewer writes it.
  if (ourTake.length < 2) {
    ourTake.push(
      'No LLM was configured, so this section holds extracted sentences only; the reviewer should write the analysis.',
    );
  }
  if (ourTake.length < 2) ourTake.push('No related coverage or computed facts were supplied for this story.');

  const claims: DraftClaim[] = [];
  const seen = new Set<string>();
  for (const s of [...briefing, ...bullets, ...takeSentences]) {
    const key = `${s.sourceId}\u0000${s.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    claims.push({ text: s.text, sourceId: s.sourceId, evidenceQuote: s.raw });
  }

  const keywords = extractKeywords(leadTitle, leadText);
  const haystack = `${leadTitle}\n${leadText}`;
  // A source's title may be longer than a briefing's (FIELD_CAPS.title).
  const title = (leadTitle || leadSentences[0].text.split(' ').slice(0, 14).join(' '))
    .slice(0, FIELD_CAPS.title)
    .trim();
  const draft: Draft = {
    title,
    slugSuggestion: slugify(title),
    thirtySecondBriefing: briefing.map((s) => s.text).join(' '),
    technicalBrief,
    ourTake: ourTake.slice(0, 4),
    keywords,
    industries: matchCatalogue(input.catalogue.industries ?? [], haystack, keywords),
    products: matchCatalogue(input.catalogue.products ?? [], haystack, keywords),
    claims,
  };

  // The same schema the LLM must satisfy: an offline draft is never a lesser citizen downstream.
  const schema = makeDraftSchema({
    sourceIds: [input.lead.id, ...input.related.map((r) => r.id)],
    industries: (input.catalogue.industries ?? []).map((i) => i.name),
    products: (input.catalogue.products ?? []).map((p) => p.name),
  });
  const output = schema.parse(draft);
  return { output, raw: JSON.stringify(output), offline: true, model: OFFLINE_MODEL, label: OFFLINE_LABEL };
}
