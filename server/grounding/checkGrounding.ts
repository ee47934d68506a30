/**
 * The grounding check: every figure, date, name and quotation in a briefing revision
 * must be traceable to one of its sources (or to a fact the system computed itself),
 * and every claim's evidence quote must be found in the source it cites.
 * Pure and deterministic: the same input always yields the same report.
 */
import type { Flag, FlagKind, GroundingInput, GroundingReport, ItemKind, SupportedItem } from './types.js';
import { type Sentence, splitSentences } from './sentences.js';
import { tokenize } from './tokens.js';
import { extractQuantities } from './quantities.js';
import { extractEntities } from './entities.js';
import { extractQuotes } from './quotes.js';
import { type SourceIndex, buildSourceIndex, snippetAt } from './sourceIndex.js';
import { type Hit, findEntity, findFact, findQuantity, findQuote } from './lookup.js';
import { findEvidence } from './evidence.js';
import { flagIdFactory } from './flagId.js';

const LABELS: Record<ItemKind, string> = {
  number: 'Number',
  percent: 'Percentage',
  money: 'Amount',
  date: 'Date',
  entity: 'Name',
  quote: 'Quotation',
};

interface Ctx {
  sources: SourceIndex[];
  byId: Map<string, SourceIndex>;
  flags: Flag[];
  supported: SupportedItem[];
  nextId: ReturnType<typeof flagIdFactory>;
}

function sourceText(ctx: Ctx, hit: Hit): string {
  const src = ctx.byId.get(hit.sourceId)!;
  return hit.field === 'title' ? src.title!.text : src.body.text;
}

function record(
  ctx: Ctx,
  sectionKey: string,
  sentence: Sentence,
  kind: ItemKind,
  start: number,
  end: number,
  text: string,
  hit: Hit | undefined,
  fact?: { label: string; value: number },
): void {
  if (hit) {
    ctx.supported.push({
      sectionKey,
      kind,
      text,
      start,
      end,
      sourceId: hit.sourceId,
      // Title matches have no offset in the body; the snippet still shows where the words were found.
      sourceStart: hit.field === 'body' ? hit.span.start : undefined,
      sourceEnd: hit.field === 'body' ? hit.span.end : undefined,
      snippet: (hit.field === 'title' ? '[title] ' : '') + snippetAt(sourceText(ctx, hit), hit.span),
    });
    return;
  }
  if (fact) {
    ctx.supported.push({ sectionKey, kind, text, start, end, fact });
    return;
  }
  pushFlag(
    ctx,
    sectionKey,
    sentence,
    kind,
    start,
    end,
    text,
    `${LABELS[kind]} "${text}" does not appear in any source.`,
  );
}

function pushFlag(
  ctx: Ctx,
  sectionKey: string,
  sentence: Sentence,
  kind: FlagKind,
  start: number,
  end: number,
  text: string,
  message: string,
  extra: Partial<Flag> = {},
): void {
  ctx.flags.push({
    id: ctx.nextId(sectionKey, kind, text),
    sectionKey,
    sentence: sentence.text,
    sentenceStart: sentence.start,
    sentenceEnd: sentence.end,
    kind,
    text,
    message,
    start,
    end,
    ...extra,
  });
}

function checkSection(ctx: Ctx, key: string, text: string, facts: GroundingInput['facts']): void {
  const sentences = splitSentences(text);
  for (const s of sentences) {
    const toks = tokenize(s.text);
    const quantities = extractQuantities(s.text, toks);
    const taken = (t: { start: number; end: number }) => quantities.some((q) => t.start < q.end && t.end > q.start);
    for (const q of quantities) {
      const hit = findQuantity(ctx.sources, q);
      const fact = hit ? undefined : findFact(facts ?? [], q);
      record(ctx, key, s, q.kind, s.start + q.start, s.start + q.end, q.text, hit, fact);
    }
    for (const e of extractEntities(s.text, toks, taken)) {
      record(ctx, key, s, 'entity', s.start + e.start, s.start + e.end, e.text, findEntity(ctx.sources, e));
    }
  }
  // Quotations can span sentences, so they are found in the whole section and reported on the sentence they open in.
  for (const q of extractQuotes(text)) {
    const s = sentences.find((x) => q.start >= x.start && q.start < x.end) ?? {
      text: q.text,
      start: q.start,
      end: q.end,
    };
    record(ctx, key, s, 'quote', q.start, q.end, q.text, findQuote(ctx.sources, text.slice(q.innerStart, q.innerEnd)));
  }
}

/** Where a claim sits in the briefing, when its text appears verbatim in a section. */
function locateClaim(
  input: GroundingInput,
  claimText: string,
): { sectionKey: string; sentence: Sentence; start: number; end: number } {
  for (const sec of input.sections) {
    // Very short claim texts would "match" anywhere and point the reviewer at the wrong sentence.
    const at = claimText.trim().split(/\s+/).length >= 3 ? sec.text.indexOf(claimText) : -1;
    if (at < 0) continue;
    const sentence = splitSentences(sec.text).find((s) => at >= s.start && at < s.end) ?? {
      text: claimText,
      start: at,
      end: at + claimText.length,
    };
    return { sectionKey: sec.key, sentence, start: at, end: at + claimText.length };
  }
  return {
    sectionKey: 'claims',
    sentence: { text: claimText, start: 0, end: claimText.length },
    start: 0,
    end: claimText.length,
  };
}

function checkClaims(ctx: Ctx, input: GroundingInput): void {
  (input.claims ?? []).forEach((claim, claimIndex) => {
    const where = locateClaim(input, claim.text);
    const src = ctx.byId.get(claim.sourceId);
    if (!src) {
      pushFlag(
        ctx,
        where.sectionKey,
        where.sentence,
        'unknown_source',
        where.start,
        where.end,
        claim.sourceId,
        `Claim cites source "${claim.sourceId}", which is not among this briefing's sources.`,
        { claimIndex, sourceId: claim.sourceId },
      );
      return;
    }
    const match = findEvidence(src.body, claim.evidenceQuote);
    if (!match) {
      pushFlag(
        ctx,
        where.sectionKey,
        where.sentence,
        'claim',
        where.start,
        where.end,
        claim.evidenceQuote,
        `Evidence quote for this claim was not found in source "${claim.sourceId}".`,
        { claimIndex, sourceId: claim.sourceId },
      );
      return;
    }
    ctx.supported.push({
      sectionKey: where.sectionKey,
      kind: 'claim',
      text: claim.text,
      start: where.start,
      end: where.end,
      claimIndex,
      sourceId: src.id,
      sourceStart: match.start,
      sourceEnd: match.end,
      snippet: snippetAt(src.body.text, match),
    });
  });
}

export function checkGrounding(input: GroundingInput): GroundingReport {
  const sources = input.sources.map(buildSourceIndex);
  const ctx: Ctx = {
    sources,
    byId: new Map(sources.map((s) => [s.id, s])),
    flags: [],
    supported: [],
    nextId: flagIdFactory(),
  };
  for (const section of input.sections) checkSection(ctx, section.key, section.text, input.facts);
  checkClaims(ctx, input);
  const bySection = new Map(input.sections.map((s, i) => [s.key, i]));
  const order = (a: { sectionKey: string; start: number }, b: { sectionKey: string; start: number }) =>
    (bySection.get(a.sectionKey) ?? Infinity) - (bySection.get(b.sectionKey) ?? Infinity) || a.start - b.start;
  ctx.flags.sort(order);
  ctx.supported.sort(order);
  const unsupported = ctx.flags.length;
  return {
    flags: ctx.flags,
    supported: ctx.supported,
    stats: { items: unsupported + ctx.supported.length, supported: ctx.supported.length, unsupported },
  };
}
