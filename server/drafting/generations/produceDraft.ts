import { makeDraftSchema, makeSectionSchema, type Draft, type DraftClaim, type DraftSection } from '../draftSchema.js';
import type { DeltaInfo, GenerationStats, LlmClient } from '../llm/index.js';
import {
  draftOffline,
  OFFLINE_MODEL,
  OFFLINE_STYLE,
  offlineVersion,
  type OfflineStyle,
} from '../offline/offlineDrafter.js';
import { buildDraftPrompt } from '../../../prompts/draft/buildDraftPrompt.js';
import { buildRegeneratePrompt } from '../../../prompts/regenerate/buildRegeneratePrompt.js';
import { buildRegenerateSectionPrompt } from '../../../prompts/regenerateSection/buildRegenerateSectionPrompt.js';
import { contentToDraft, draftToContent, type RevisionContent } from '../revisionContent.js';
import { mapBullets, mapClaims, mapDraftSources } from '../briefings/sourceAliases.js';
import type { DraftInputs } from '../briefings/loadDraftInputs.js';
import type { FieldIssue } from '../../errors/AppError.js';
import { cleanExternalDeep } from '../../sources/text/cleanExternal.js';

export type Produced =
  | { mode: 'full'; content: RevisionContent }
  | {
      mode: 'section';
      section: DraftSection;
      update: Partial<Pick<RevisionContent, DraftSection>> & { claims: DraftClaim[] };
    };

export interface ProducedStats {
  model: string;
  templateVersion: string | null;
  offline: boolean;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number | null;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
}

export interface ProduceResult {
  produced: Produced;
  raw: string;
  stats: ProducedStats;
  /**
   * What had to change in the model's answer to be stored (NUL removed, unpaired surrogates
   * replaced), by field: a model's text is text from outside, cleaned and reported, never refused.
   */
  cleaned: FieldIssue[];
}

export interface JobSpec {
  kind: 'draft' | 'regenerate' | 'regenerate_section';
  section: DraftSection | null;
  instructions: string | null;
}

/** The offline drafter's version with its default settings. */
export const OFFLINE_TEMPLATE_VERSION = offlineVersion(OFFLINE_STYLE);

function sectionClaims(d: Draft, section: DraftSection): DraftClaim[] {
  const text =
    section === 'technicalBrief'
      ? d.technicalBrief.map((b) => b.text).join('\n')
      : section === 'ourTake'
        ? d.ourTake.join('\n')
        : d[section];
  return d.claims.filter((c) => text.includes(c.text));
}

function sectionUpdate(d: Draft, section: DraftSection): Extract<Produced, { mode: 'section' }>['update'] {
  return { [section]: d[section], claims: sectionClaims(d, section) };
}

/** The extractive drafter: same output shapes, no instructions followed, no model called. */
function produceOffline(job: JobSpec, inputs: DraftInputs, style: OfflineStyle): ProduceResult {
  const started = performance.now();
  const r = draftOffline(
    {
      lead: inputs.lead,
      related: inputs.related,
      facts: inputs.facts,
      catalogue: inputs.catalogue,
    },
    style,
  );
  const draft = mapDraftSources(r.output, inputs.aliases.toId);
  const produced: Produced =
    job.kind === 'regenerate_section' && job.section && inputs.current
      ? { mode: 'section', section: job.section, update: sectionUpdate(draft, job.section) }
      : { mode: 'full', content: draftToContent(draft) };
  const stats: ProducedStats = {
    model: OFFLINE_MODEL,
    templateVersion: offlineVersion(style),
    offline: true,
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    costUsd: 0,
    latencyMs: Math.round(performance.now() - started),
    timeToFirstTokenMs: null,
  };
  return { produced, raw: r.raw, stats, cleaned: [] };
}

export async function produceDraft(
  job: JobSpec,
  inputs: DraftInputs,
  llm: LlmClient | null,
  opts: {
    signal?: AbortSignal;
    onDelta?: (text: string, info: DeltaInfo) => void;
    offlineStyle?: OfflineStyle;
    /** The operator's output bound (LLM_MAX_OUTPUT_TOKENS); else the template's budget. */
    maxOutputTokens?: number;
  } = {},
): Promise<ProduceResult> {
  if (!llm) return produceOffline(job, inputs, opts.offlineStyle ?? OFFLINE_STYLE);
  const ctx = {
    sourceIds: inputs.aliases.aliases.filter((a) => a === inputs.lead.id || inputs.related.some((r) => r.id === a)),
    industries: inputs.catalogue.industries.map((i) => i.name),
    products: inputs.catalogue.products.map((p) => p.name),
  };
  const base = { lead: inputs.lead, related: inputs.related, facts: inputs.facts, catalogue: inputs.catalogue };
  const currentDraft = inputs.current ? mapDraftSources(contentToDraft(inputs.current), inputs.aliases.toAlias) : null;
  const call = { signal: opts.signal, onDelta: opts.onDelta };
  const bound = (prompt: { maxOutputTokens: number }) => opts.maxOutputTokens ?? prompt.maxOutputTokens;

  let produced: Produced;
  let result: { raw: string; stats: GenerationStats };
  let cleaned: FieldIssue[];
  let templateVersion: string;
  if (job.kind === 'draft' || !currentDraft || !job.section) {
    const prompt =
      job.kind === 'draft' || !currentDraft
        ? buildDraftPrompt({ ...base, earlier: inputs.earlier })
        : buildRegeneratePrompt({ ...base, currentDraft, instructions: job.instructions ?? '' });
    templateVersion = prompt.templateVersion;
    const r = await llm.generateDraft({
      messages: prompt.messages,
      schema: makeDraftSchema(ctx),
      maxOutputTokens: bound(prompt),
      ...call,
    });
    const clean = cleanExternalDeep(r.output);
    cleaned = clean.cleaned;
    produced = { mode: 'full', content: draftToContent(mapDraftSources(clean.value, inputs.aliases.toId)) };
    result = r;
  } else {
    const section = job.section;
    const prompt = buildRegenerateSectionPrompt({
      ...base,
      currentDraft,
      instructions: job.instructions ?? '',
      section,
    });
    templateVersion = prompt.templateVersion;
    const r = await llm.generateDraft({
      messages: prompt.messages,
      schema: makeSectionSchema(section, ctx),
      schemaName: `briefing_${section}`,
      maxOutputTokens: bound(prompt),
      ...call,
    });
    const clean = cleanExternalDeep(r.output as Partial<Draft> & { claims: DraftClaim[] });
    cleaned = clean.cleaned;
    const out = clean.value;
    const update: Extract<Produced, { mode: 'section' }>['update'] = {
      claims: mapClaims(out.claims, inputs.aliases.toId),
    };
    if (section === 'technicalBrief') update.technicalBrief = mapBullets(out.technicalBrief ?? [], inputs.aliases.toId);
    else update[section] = out[section] as never;
    produced = { mode: 'section', section, update };
    result = r;
  }
  return { produced, raw: result.raw, stats: toProducedStats(result.stats, templateVersion), cleaned };
}

export function toProducedStats(stats: GenerationStats, templateVersion: string | null): ProducedStats {
  return {
    model: stats.responseModel ?? stats.model,
    templateVersion,
    offline: false,
    promptTokens: stats.usage.promptTokens,
    completionTokens: stats.usage.completionTokens,
    cachedTokens: stats.usage.cachedTokens,
    costUsd: stats.costUsd,
    latencyMs: stats.latencyMs,
    timeToFirstTokenMs: stats.timeToFirstTokenMs,
  };
}
