import type { Actor } from '../policies/actor.js';
import type { BriefingDetail } from '../queries/review/briefingDetail.js';
import { can as canDo, stateLabel, type WorkflowAction } from '../review/workflow.js';
import {
  EDITABLE_SECTIONS,
  SECTION_LABELS,
  readContent,
  sectionOfKey,
  sectionTexts,
  type EditableSection,
  type RevisionContent,
} from '../review/content.js';
import { readReport } from '../review/grounding.js';
import { draftParts, passageId, sourceParts, type FlagRange, type SourceMarks } from './workspacePresenter.js';
import { signOffPanel } from './signOffPanelPresenter.js';
import { generationStatusView } from './generationPresenter.js';
import { alignmentsWithVerdicts, opinionView, verifierSummary } from './verifierPresenter.js';

const SECTION_KEYS = new Set<string>(EDITABLE_SECTIONS);

function sectionLabel(key: string | null | undefined): string | null {
  if (!key) return null;
  const [base, index] = key.split('.');
  const label = SECTION_KEYS.has(base) ? SECTION_LABELS[base as EditableSection] : base === 'claims' ? 'Claims' : base;
  if (index === undefined) return label;
  return `${label}, ${base === 'technicalBrief' ? 'bullet' : 'paragraph'} ${Number(index) + 1}`;
}

/** The pieces grounding checked, keyed as it keyed them, so flag offsets line up with the text shown. */
function checkedItems(c: RevisionContent, key: EditableSection): { key: string; text: string }[] {
  switch (key) {
    case 'technicalBrief':
      return c.technicalBrief.map((b, i) => ({ key: `technicalBrief.${i}`, text: b.text }));
    case 'ourTake':
      return c.ourTake.map((p, i) => ({ key: `ourTake.${i}`, text: p }));
    case 'keywords':
      return c.keywords.length ? [{ key: 'keywords', text: c.keywords.join(', ') }] : [];
    case 'title':
    case 'thirtySecondBriefing':
      return c[key] ? [{ key, text: c[key] }] : [];
  }
}

/** What the current person may do, straight from the workflow table. */
export function briefingCan(actor: Actor, state: Parameters<typeof canDo>[1]) {
  const c = (a: WorkflowAction) => canDo(actor, state, a);
  return {
    edit: c('edit'),
    restore: c('restore'),
    comment: c('comment'),
    assign: c('assign'),
    acknowledge: c('acknowledge_flag'),
    submit: c('submit_for_review'),
    requestChanges: c('request_changes'),
    approve: c('approve'),
    regenerate: c('regenerate'),
    withdraw: c('withdraw'),
    publish: c('publish'),
    reopen: c('reopen'),
    retryDraft: c('retry_draft'),
  };
}

const KIND_LABELS: Record<string, string> = {
  number: 'number not in sources',
  percent: 'percentage not in sources',
  money: 'amount not in sources',
  date: 'date not in sources',
  entity: 'name not in sources',
  given_name: 'first name not in sources',
  quote: 'quotation not in sources',
  claim: 'evidence not found',
  unknown_source: 'unknown source',
  figure_mismatch: 'figure differs',
  name_mismatch: 'name differs',
  attribution: 'attribution differs',
  polarity: 'negation differs',
  direction: 'direction reversed',
  modifier: 'modifier moved',
  unsupported_detail: 'detail not in sources',
  stitched: 'joins two passages',
  certainty: 'certainty differs',
  no_support: 'no supporting passage',
};

export interface PageOptions {
  selectedClaim?: number;
  /** Texts to show in the editors instead of the revision's (a preview or a refused save). */
  draftTexts?: Partial<Record<EditableSection, string>>;
  previews?: Partial<Record<EditableSection, string>>;
  conflict?: unknown;
  /** A save refused because flags marked fixed were still found. */
  unresolved?: { detail: string; flags: { id: string; message: string }[] };
  /** Flags the refused save marked fixed, to keep them ticked. */
  resolving?: string[];
  /** Whether an LLM is configured: without one there is no model verifier, and the page says so. */
  llmConfigured?: boolean;
  /** The desk's four-eyes setting (FOUR_EYES): the sign-off panel names it when it blocks. */
  fourEyes?: boolean;
}

/** The draft page's view model: every flag the template branches on is computed here. */
export function presentBriefingPage(d: BriefingDetail, actor: Actor, opts: PageOptions = {}) {
  const b = d.briefing;
  const rev = b.currentRevision;
  const content = readContent(rev?.content);
  const report = readReport(rev?.grounding);
  const can = briefingCan(actor, b.state);
  const acks = new Map(d.acks.map((a) => [a.flagId, a]));
  const name = (id: string | null | undefined) => (id ? (d.people.get(id) ?? 'a former user') : null);

  const sourceNumber = new Map(d.sources.map((l, i) => [l.source.id, i + 1]));
  const alignments = alignmentsWithVerdicts(report.alignments, d.verification);
  const alignmentById = new Map(alignments.map((a) => [a.id, a]));
  const opinionOf = (id: string | undefined) => {
    const a = id ? alignmentById.get(id) : undefined;
    return a ? opinionView(a) : null;
  };
  const flags = report.flags.map((f, i) => {
    const ack = acks.get(f.id);
    const blocking = f.severity === 'blocking';
    // Only "it is correct" with a note clears a blocking flag; older acknowledgements without one do not.
    const cleared = ack && ack.resolution === 'acknowledged' && (!blocking || Boolean(ack.note?.trim()));
    const ev = f.evidence;
    const n = ev ? (sourceNumber.get(ev.sourceId) ?? ev.sourceNumber) : undefined;
    return {
      id: f.id,
      n: i + 1,
      sectionKey: f.sectionKey,
      section: sectionLabel(f.sectionKey),
      kind: f.kind,
      kindLabel: KIND_LABELS[f.kind] ?? f.kind,
      severity: f.severity,
      blocking,
      text: f.text,
      message: f.message,
      sentence: f.sentence,
      evidence: ev
        ? {
            sourceId: ev.sourceId,
            text: ev.text,
            where: `S${n}, ${ev.field === 'title' ? 'title' : `paragraph ${ev.paragraph}`}`,
            inBody: ev.field === 'body',
          }
        : null,
      resolving: opts.resolving?.includes(f.id) ?? false,
      acknowledged: cleared
        ? { resolution: ack.resolution, note: ack.note, by: name(ack.userId), at: ack.createdAt.toISOString() }
        : null,
      needsNote: Boolean(ack) && !cleared,
      /** The model verifier's second opinion on the flag's sentence: shown beside it, never instead of it. */
      opinion: opinionOf(f.alignmentId),
    };
  });
  const flagById = new Map(flags.map((f) => [f.id, f]));
  const editTexts = { ...sectionTexts(content), ...(opts.draftTexts ?? {}) };
  const autosave =
    d.autosave && can.edit
      ? {
          updatedAt: d.autosave.updatedAt.toISOString(),
          stale: d.autosave.baseRevisionId !== rev?.id,
          sections: d.autosave.content as Record<string, string>,
        }
      : null;

  const comments = d.comments.map((c) => ({
    id: c.id,
    parentId: c.parentId,
    section: sectionLabel(c.section),
    sectionKey: c.section,
    author: name(c.authorId),
    body: c.body,
    createdAt: c.createdAt.toISOString(),
    resolved: Boolean(c.resolvedAt),
    resolvedAt: c.resolvedAt?.toISOString() ?? null,
  }));
  const threads = comments
    .filter((c) => !c.parentId)
    .map((c) => ({
      ...c,
      replies: comments.filter((r) => r.parentId === c.id),
      can: { resolve: can.comment && !c.resolved, reopen: can.comment && c.resolved, reply: can.comment },
    }));

  // A sentence without any passage is flagged on the sentence, not marked over it: the figure or
  // name flagged inside that sentence must stay visible.
  const draftFlagRanges: FlagRange[] = report.flags.map((f) =>
    f.kind === 'no_support'
      ? { start: f.sentenceStart, end: f.sentenceStart, flag: flagById.get(f.id)! }
      : { start: f.start, end: f.end, flag: flagById.get(f.id)! },
  );
  const sentenceIndex = {
    next: 0,
    total: report.alignments.filter((a) => SECTION_KEYS.has(sectionOfKey(a.sectionKey))).length,
    sourceNumber,
  };
  const sections = EDITABLE_SECTIONS.map((key) => {
    const blocks = checkedItems(content, key).map((item) => ({
      parts: draftParts(item.key, item.text, report.alignments, draftFlagRanges, sentenceIndex),
    }));
    const sectionFlags = flags.filter((f) => sectionOfKey(f.sectionKey) === key);
    const open = sectionFlags.filter((f) => !f.acknowledged);
    return {
      key,
      label: SECTION_LABELS[key],
      isList: key === 'technicalBrief',
      isTitle: key === 'title',
      blocks,
      editText: editTexts[key] ?? '',
      rows: key === 'title' || key === 'keywords' ? 2 : key === 'ourTake' ? 12 : 6,
      markdown: key !== 'title' && key !== 'keywords',
      preview: opts.previews?.[key] ?? null,
      autosaved:
        autosave?.sections?.[key] !== undefined && autosave.sections[key] !== editTexts[key]
          ? autosave.sections[key]
          : null,
      flags: sectionFlags,
      openFlags: open.filter((f) => f.blocking).length,
      advisoryFlags: open.filter((f) => !f.blocking).length,
      // Doubts the model raised on sentences the deterministic check found nothing in.
      opinions: alignments
        .filter((a) => sectionOfKey(a.sectionKey) === key && a.flagIds.length === 0)
        .map(opinionView)
        .filter((o) => o !== null && !o.agrees),
      threads: threads.filter((t) => t.sectionKey === key),
    };
  });

  const claimSupport = new Map(
    report.supported.filter((s) => s.kind === 'claim' && s.claimIndex !== undefined).map((s) => [s.claimIndex!, s]),
  );
  const selected =
    opts.selectedClaim !== undefined && content.claims[opts.selectedClaim] ? opts.selectedClaim : undefined;
  const claims = content.claims.map((c, index) => ({
    index,
    text: c.text,
    sourceId: c.sourceId,
    evidenceQuote: c.evidenceQuote,
    supported: claimSupport.has(index),
    selected: index === selected,
  }));

  // Which draft sentences point at each source passage, keyed by the passage's element id.
  const sentencesOfPassage = new Map<string, string[]>();
  for (const sec of sections)
    for (const block of sec.blocks)
      for (const part of block.parts)
        for (const id of part.sentence?.passages.split(' ').filter(Boolean) ?? [])
          sentencesOfPassage.set(id, [...(sentencesOfPassage.get(id) ?? []), part.sentence!.id]);

  const sources = d.sources.map((l, i) => {
    const s = l.source;
    const n = i + 1;
    const marksOf = (field: 'body' | 'title'): SourceMarks => {
      const passages = new Map<string, SourceMarks['passages'][number]>();
      const diffs: SourceMarks['diffs'] = [];
      for (const a of report.alignments) {
        for (const p of a.passages) {
          if (p.sourceId !== s.id || p.field !== field) continue;
          const id = passageId(n, field, p.sentence);
          passages.set(id, { start: p.start, end: p.end, id, sentences: sentencesOfPassage.get(id) ?? [] });
        }
        for (const df of a.differences)
          if (df.source?.sourceId === s.id && df.source.field === field) diffs.push(df.source);
      }
      // The source side of each flag ("rose" against the draft's "fell"), so the reviewer sees both.
      const flagRanges: FlagRange[] = report.flags.flatMap((f) =>
        f.evidence?.sourceId === s.id && f.evidence.field === field
          ? [{ start: f.evidence.start, end: f.evidence.end, flag: flagById.get(f.id)! }]
          : [],
      );
      const evidence: SourceMarks['evidence'] = [];
      if (field === 'body' && selected !== undefined && content.claims[selected].sourceId === s.id) {
        const sup = claimSupport.get(selected);
        if (sup?.sourceStart !== undefined && sup.sourceEnd !== undefined)
          evidence.push({ start: sup.sourceStart, end: sup.sourceEnd });
        else {
          const at = s.text.indexOf(content.claims[selected].evidenceQuote);
          if (at >= 0) evidence.push({ start: at, end: at + content.claims[selected].evidenceQuote.length });
        }
      }
      return { passages: [...passages.values()], diffs, flags: flagRanges, evidence };
    };
    return {
      n: i + 1,
      id: s.id,
      title: s.title,
      publisher: s.publisher,
      url: /^https?:\/\//i.test(s.url) ? s.url : null,
      role: l.role,
      publishedAt: s.publishedAt?.toISOString() ?? null,
      isLead: l.role === 'lead',
      titleParts: sourceParts(s.title, marksOf('title'), null)[0] ?? [],
      blocks: sourceParts(s.text, marksOf('body'), /\n\s*\n/).map((parts) => ({ parts })),
    };
  });

  const latest = d.generations[0];
  // Drafting's partial renders generation details and follows a running one live.
  const generation = latest ? generationStatusView(latest, actor) : null;

  const openFlags = flags.filter((f) => f.blocking && !f.acknowledged).length;
  const advisoryFlags = flags.filter((f) => !f.blocking && !f.acknowledged).length;
  const ctxCan = withContext(can, {
    hasRevision: Boolean(rev),
    generating: latest?.status === 'queued' || latest?.status === 'running',
  });
  const lastRegen = d.generations.find((g) => g.kind === 'regenerate' || g.kind === 'regenerate_section');
  const panel = signOffPanel({
    briefingId: b.id,
    actor,
    state: b.state,
    approve: ctxCan.approve,
    revision: rev ? { number: rev.number, authorId: rev.authorId, author: name(rev.authorId) } : null,
    lastRegenRequestedById: lastRegen?.requestedById ?? null,
    fourEyes: opts.fourEyes ?? false,
    openFlags: flags.filter((f) => f.blocking && !f.acknowledged),
    unsavedSections: sections.filter(
      (s) => s.autosaved !== null || s.editText !== (sectionTexts(content)[s.key] ?? ''),
    ),
  });
  return {
    title: content.title || b.title,
    briefing: {
      id: b.id,
      title: content.title || b.title,
      state: b.state,
      stateLabel: stateLabel(b.state),
      slug: b.slug,
      createdAt: b.createdAt.toISOString(),
      updatedAt: b.updatedAt.toISOString(),
      assignee: name(b.assigneeId),
      assigneeId: b.assigneeId,
      createdBy: name(b.createdById),
    },
    revision: rev
      ? {
          id: rev.id,
          number: rev.number,
          contentHash: rev.contentHash,
          shortHash: rev.contentHash.slice(0, 12),
          createdAt: rev.createdAt.toISOString(),
          note: rev.note,
          author: rev.authorId
            ? name(rev.authorId)
            : rev.generationId
              ? latest?.offline
                ? 'Offline drafter'
                : 'AI draft'
              : 'system',
          generated: Boolean(rev.generationId),
        }
      : null,
    revisionCount: d.revisionCount,
    firstRevision: d.firstRevision && rev && d.firstRevision.id !== rev.id ? d.firstRevision : null,
    keywords: content.keywords,
    industries: content.industries,
    products: content.products,
    sections,
    flags,
    openFlags,
    advisoryFlags,
    groundingVersion: report.version,
    alignments,
    verifier: verifierSummary(opts.llmConfigured ?? false, d.verification, alignments),
    flagsAllClear: flags.length > 0 && openFlags === 0,
    unresolved: opts.unresolved ?? null,
    unplacedFlags: flags.filter((f) => !SECTION_KEYS.has(sectionOfKey(f.sectionKey))),
    claims,
    selectedClaim: selected !== undefined,
    sources,
    generation,
    threads: threads.filter((t) => !t.sectionKey || !SECTION_KEYS.has(t.sectionKey)),
    commentSections: EDITABLE_SECTIONS.map((k) => ({ key: k, label: SECTION_LABELS[k] })),
    signOffs: d.signOffs.map((s) => ({
      id: s.id,
      reviewerName: s.reviewerName,
      statement: s.statement,
      createdAt: s.createdAt.toISOString(),
      revisionNumber: s.revision.number,
      shortHash: s.contentHash.slice(0, 12),
      voided: Boolean(s.voidedAt),
      voidReason: s.voidReason,
      valid: !s.voidedAt && s.revisionId === rev?.id && s.contentHash === rev?.contentHash,
    })),
    autosave,
    reviewers: d.reviewers.map((r) => ({ id: r.id, displayName: r.displayName, selected: r.id === b.assigneeId })),
    signOffStatement: rev
      ? `I reviewed revision ${rev.number} against its sources for technical accuracy and edited it where needed.`
      : '',
    conflict: opts.conflict ?? null,
    signOff: panel,
    can: {
      ...ctxCan,
      signOff: panel.ready,
      // Every staff member who sees the page may ask; it changes nothing but the second opinion.
      verify: Boolean(opts.llmConfigured && rev),
    },
  };
}

/** The workflow says what a role may do in a state; these rules also need the briefing's content and jobs. */
function withContext(can: ReturnType<typeof briefingCan>, ctx: { hasRevision: boolean; generating: boolean }) {
  const c = {
    ...can,
    approve: can.approve && ctx.hasRevision,
    retryDraft: can.retryDraft && !ctx.hasRevision && !ctx.generating,
  };
  return { ...c, anyAction: Object.values(c).some(Boolean) };
}

/** The API's view of a briefing: the same facts as the page, without the page's layout helpers. */
export function presentBriefingJson(d: BriefingDetail, actor: Actor, opts: Pick<PageOptions, 'llmConfigured'> = {}) {
  const m = presentBriefingPage(d, actor, opts);
  const content = readContent(d.briefing.currentRevision?.content);
  return {
    ...m.briefing,
    revision: m.revision,
    content,
    flags: m.flags,
    openFlags: m.openFlags,
    advisoryFlags: m.advisoryFlags,
    groundingVersion: m.groundingVersion,
    alignments: m.alignments,
    verifier: m.verifier,
    generation: m.generation,
    signOffs: m.signOffs,
    comments: m.threads.concat(m.sections.flatMap((s) => s.threads)).map(({ can: c, ...t }) => ({ ...t, can: c })),
    autosave: m.autosave,
    can: m.can,
  };
}
