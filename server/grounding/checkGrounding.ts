/**
 * The grounding check, in two parts.
 * 1. Invented facts: every figure, date, name and quotation must be traceable to one of the
 *    sources (or to a fact the system computed itself), and every claim's evidence quote must be
 *    found in the source it cites.
 * 2. Alignment: every sentence is aligned with the passage that supports it best, and held
 *    against it: figures bound to the same thing, the same names and speakers, no negation or
 *    opposite word on one side only, no joining of distant passages, no unstated detail.
 * Pure and deterministic: the same input always yields the same report.
 */
import {
  type Flag,
  type FlagKind,
  type GroundingInput,
  type GroundingReport,
  type ItemKind,
  REPORT_VERSION,
  type SentenceAlignment,
  type SupportedItem,
} from './types.js';
import { type Sentence, splitSentences } from './sentences.js';
import { type WordToken, wordTokenize } from './tokens.js';
import { type Quantity, extractQuantities } from './quantities.js';
import { type EntitySpan, extractEntities } from './entities.js';
import { extractQuotes } from './quotes.js';
import { type SourceIndex, buildSourceIndex, snippetAt } from './sourceIndex.js';
import {
  type Hit,
  findCounted,
  findDesignation,
  findEntity,
  findJoinedName,
  findFact,
  findMultiplier,
  findQuantity,
  findQuote,
  findSurnameOnly,
} from './lookup.js';
import { findEvidence } from './evidence.js';
import { alignmentId, flagIdFactory } from './flagId.js';
import { type SourcePassages, sourcePassages } from './passages.js';
import { type AlignContext, alignSentence } from './align.js';
import { isUncased, openingName, uncasedNames } from './casing.js';
import { severityOf } from './severity.js';
import { checkSentenceMemo, memoScope } from './sentenceMemo.js';
import { differences } from './differences.js';
import { type IntrinsicFinding, type SentenceCheck, passageTokens, spanOf, where } from './intrinsic/sentenceCheck.js';
import { checkFigures } from './intrinsic/figures.js';
import { checkPartsOfDay, checkWeekdays } from './intrinsic/weekdays.js';
import { checkPronouns } from './intrinsic/pronouns.js';
import { checkAttribution, checkNames } from './intrinsic/names.js';
import { checkCertainty, checkDirection } from './intrinsic/predicates.js';
import { checkPolarity } from './intrinsic/polarity.js';
import { checkNegatingPrefix } from './intrinsic/prefixes.js';
import { checkSentimentSwap } from './intrinsic/sentiment.js';
import { checkModifiers, checkStitched, checkUnsupportedDetail } from './intrinsic/coverage.js';
import { matchTokens } from './intrinsic/lcs.js';
import { maskMarkdown } from './inlineMarkdown.js';

/** Below this coverage a sentence has no supporting passage (and is not held against one). */
export const SUPPORT_THRESHOLD = 0.4;
/**
 * From this coverage on, the passage is plainly the sentence's source, and a difference from it is
 * an error (blocking). Below it the sentence is a looser summary, possibly of several passages, and
 * a difference is a question for the reviewer (advisory).
 */
export const CLOSE_THRESHOLD = 0.6;
/** Sentences shorter than this many content words are too thin to align (a bare name, a heading). */
const MIN_CONTENT_WORDS = 3;

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
  passages: SourcePassages[];
  align: AlignContext;
  sourceNumber: (id: string) => number;
  flags: Flag[];
  supported: SupportedItem[];
  alignments: SentenceAlignment[];
  nextId: ReturnType<typeof flagIdFactory>;
  /** What a sentence's findings depend on besides its text (see sentenceMemo.ts). */
  scope: string;
}

function sourceText(ctx: Ctx, hit: Hit): string {
  const src = ctx.byId.get(hit.sourceId)!;
  return hit.field === 'title' ? src.title!.text : hit.field === 'details' ? src.details!.text : src.body.text;
}

const SNIPPET_PREFIX = { body: '', title: '[title] ', details: '[publisher and date] ' } as const;

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
): boolean {
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
      snippet: SNIPPET_PREFIX[hit.field] + snippetAt(sourceText(ctx, hit), hit.span),
    });
    return true;
  }
  if (fact) {
    ctx.supported.push({ sectionKey, kind, text, start, end, fact });
    return false;
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
  return false;
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
): Flag {
  const flag: Flag = {
    id: ctx.nextId(sectionKey, kind, text, extra.evidence?.text),
    sectionKey,
    sentence: sentence.text,
    sentenceStart: sentence.start,
    sentenceEnd: sentence.end,
    kind,
    severity: severityOf(kind),
    text,
    message,
    start,
    end,
    ...extra,
  };
  ctx.flags.push(flag);
  return flag;
}

function checkSentence(ctx: Ctx, key: string, s: Sentence, facts: GroundingInput['facts']): void {
  const tokens = wordTokenize(s.text);
  const raw = tokens;
  const quantities = extractQuantities(s.text, raw);
  const taken = (t: { start: number; end: number }) => quantities.some((q) => t.start < q.end && t.end > q.start);
  const backed = new Set<Quantity | EntitySpan>();
  for (const q of quantities) {
    const hit = findQuantity(ctx.sources, q);
    // Part of a name the sources use without it ("COVID-19" for "COVID"), a multiplier they put in
    // other words ("two-fold" for "doubled"), or a count of the names the sentence lists: no figure
    // to hold against a passage.
    const named = hit
      ? undefined
      : (findDesignation(ctx.sources, s.text, q) ??
        findMultiplier(ctx.sources, q) ??
        findCounted(ctx.sources, s.text, q));
    const fact = hit || named ? undefined : findFact(facts ?? [], q);
    const recorded = record(ctx, key, s, q.kind, s.start + q.start, s.start + q.end, q.text, hit ?? named, fact);
    // Backed by the publisher and date alone, a figure has no passage to be held against.
    if (recorded && hit && hit.field !== 'details') backed.add(q);
  }
  const uncased = isUncased(s.text);
  const names = uncased
    ? uncasedNames(s.text, tokens, ctx.passages).filter((n) => !taken(n))
    : extractEntities(s.text, raw, taken);
  const opening = uncased ? undefined : openingName(s.text, tokens, ctx.passages);
  if (opening && !names.some((n) => n.start === opening.start) && !taken(opening)) names.unshift(opening);
  for (const e of names) {
    const hit = findEntity(ctx.sources, e) ?? (uncased ? undefined : findJoinedName(ctx.sources, s.text, tokens, e));
    // Without capitals a name's edges are a guess: words the sources all use are not invented.
    if (!hit && uncased && knownWords(ctx, tokens, e)) {
      backed.add(e);
      continue;
    }
    const surname = hit || uncased ? undefined : findSurnameOnly(ctx.sources, e);
    // Not backed: the passage checks would hold the first name against the passage all over again.
    if (surname) {
      flagGivenName(ctx, key, s, e, surname);
      continue;
    }
    if (record(ctx, key, s, 'entity', s.start + e.start, s.start + e.end, e.text, hit) && hit?.field !== 'details')
      backed.add(e);
  }
  alignAndCompare(ctx, key, s, { tokens, quantities, names, backed });
}

/**
 * The person is in the sources, under the surname only: the first name is the draft's own. On
 * human-judged summaries that is mostly right (the article named them in full elsewhere), so the
 * reviewer is asked to check it rather than stopped.
 */
function flagGivenName(ctx: Ctx, key: string, s: Sentence, e: EntitySpan, hit: Hit): void {
  const part = ctx.passages
    .find((p) => p.sourceId === hit.sourceId)
    ?.passages.find((p) => p.field === hit.field && p.start <= hit.span.start && p.end >= hit.span.end);
  const surname = sourceText(ctx, hit).slice(hit.span.start, hit.span.end);
  const place = part ? ` (${where(ctx, part)})` : '';
  pushFlag(
    ctx,
    key,
    s,
    'given_name',
    s.start + e.start,
    s.start + e.end,
    e.text,
    `Draft names "${e.text}"; the sources call this person only "${surname}"${place}: check the full name.`,
    {
      sourceId: hit.sourceId,
      evidence: part ? spanOf(ctx, part, hit.span.start, hit.span.end) : undefined,
    },
  );
}

function knownWords(ctx: Ctx, tokens: WordToken[], e: EntitySpan): boolean {
  return tokens
    .filter((t) => t.start >= e.start && t.end <= e.end && t.content)
    .every((t) => ctx.passages.some((p) => p.postings.has(t.key)));
}

function alignAndCompare(
  ctx: Ctx,
  key: string,
  s: Sentence,
  found: { tokens: WordToken[]; quantities: Quantity[]; names: EntitySpan[]; backed: Set<unknown> },
): void {
  const { tokens } = found;
  if (tokens.filter((t) => t.content).length < MIN_CONTENT_WORDS) return;
  const align = alignSentence(ctx.align, tokens);
  const supported = align.score >= SUPPORT_THRESHOLD;
  const parts = supported ? align.parts : [];
  const ptokens = passageTokens(parts);
  const flagIds: string[] = [];
  const id = alignmentId(s.text, parts);
  const loose = align.score < CLOSE_THRESHOLD;
  const emit = (f: IntrinsicFinding) => {
    const text = s.text.slice(f.start, f.end);
    const flag = pushFlag(ctx, key, s, f.kind, s.start + f.start, s.start + f.end, text, f.message, {
      evidence: f.evidence,
      sourceId: f.evidence?.sourceId,
      alignmentId: id,
      ...((loose && !f.pinned) || f.advisory ? { severity: 'advisory' as const } : {}),
    });
    flagIds.push(flag.id);
  };
  if (!supported) {
    const best = align.parts[0];
    emit({
      kind: 'no_support',
      start: 0,
      end: s.text.length,
      message: best
        ? `No source passage supports this sentence: the closest (S${ctx.sourceNumber(best.sourceId)}, ${best.field === 'title' ? 'title' : `paragraph ${best.paragraph}`}) shares ${Math.round(align.score * 100)}% of its content.`
        : 'No source passage supports this sentence: no source shares its content words.',
    });
  } else {
    const c: SentenceCheck = {
      text: s.text,
      tokens,
      quantities: found.quantities,
      names: found.names,
      keys: new Set(tokens.map((t) => t.key)),
      align,
      ptokens,
      matches: matchTokens(tokens, ptokens),
      sources: ctx.passages,
      sourceNumber: ctx.sourceNumber,
      emit,
    };
    checkFigures(c, (q) => found.backed.has(q));
    checkWeekdays(c);
    checkPartsOfDay(c);
    checkNames(c, (e) => found.backed.has(e));
    checkPronouns(c);
    checkAttribution(c);
    checkPolarity(c);
    const opposed = checkDirection(c);
    checkSentimentSwap(c, opposed);
    checkNegatingPrefix(c, opposed);
    checkCertainty(c);
    checkStitched(c);
    checkModifiers(c);
    checkUnsupportedDetail(c);
  }
  ctx.alignments.push({
    id,
    sectionKey: key,
    start: s.start,
    end: s.end,
    text: s.text,
    score: Math.round(align.score * 1000) / 1000,
    shape: supported ? align.shape : 'none',
    passages: parts.map((p) => ({ ...spanOf(ctx, p, p.start, p.end), sentence: p.index })),
    differences: supported ? differences(s.text, tokens, ptokens, ctx.sourceNumber).map((d) => shift(d, s.start)) : [],
    flagIds,
    verdicts: [],
  });
}

/** Difference offsets are found within the sentence; the report gives them in the section. */
function shift(d: SentenceAlignment['differences'][number], by: number): SentenceAlignment['differences'][number] {
  return d.draft ? { ...d, draft: { ...d.draft, start: d.draft.start + by, end: d.draft.end + by } } : d;
}

function checkSection(ctx: Ctx, key: string, text: string, facts: GroundingInput['facts']): void {
  const sentences = splitSentences(text);
  for (const s of sentences) checkSentenceMemo(ctx, ctx.scope, key, s, () => checkSentence(ctx, key, s, facts));
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
  const passages = sources.map(sourcePassages);
  const numbers = new Map(sources.map((s, i) => [s.id, i + 1]));
  const ctx: Ctx = {
    sources,
    byId: new Map(sources.map((s) => [s.id, s])),
    passages,
    align: { sources: passages, total: passages.reduce((n, p) => n + p.passages.length, 0) },
    sourceNumber: (id) => numbers.get(id) ?? 0,
    flags: [],
    supported: [],
    alignments: [],
    nextId: flagIdFactory(),
    scope: memoScope(sources, input.facts),
  };
  // Drafts are Markdown: the words a reader sees are checked, on the offsets of the text as typed.
  const read = { ...input, sections: input.sections.map((s) => ({ ...s, text: maskMarkdown(s.text) })) };
  for (const section of read.sections) checkSection(ctx, section.key, section.text, input.facts);
  checkClaims(ctx, read);
  const bySection = new Map(input.sections.map((s, i) => [s.key, i]));
  const order = (a: { sectionKey: string; start: number }, b: { sectionKey: string; start: number }) =>
    (bySection.get(a.sectionKey) ?? Infinity) - (bySection.get(b.sectionKey) ?? Infinity) || a.start - b.start;
  ctx.flags.sort(order);
  ctx.supported.sort(order);
  ctx.alignments.sort(order);
  const unsupported = ctx.flags.length;
  const blocking = ctx.flags.filter((f) => f.severity === 'blocking').length;
  return {
    version: REPORT_VERSION,
    flags: ctx.flags,
    supported: ctx.supported,
    alignments: ctx.alignments,
    stats: {
      items: unsupported + ctx.supported.length,
      supported: ctx.supported.length,
      unsupported,
      sentences: ctx.alignments.length,
      aligned: ctx.alignments.filter((a) => a.passages.length > 0).length,
      blocking,
      advisory: unsupported - blocking,
    },
  };
}
