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
import { annotate, type Range } from '../review/annotate.js';
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

const NEVER = /(?!)/;

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

  const sections = EDITABLE_SECTIONS.map((key) => {
    const blocks = checkedItems(content, key).map((item) => {
      // A sentence without any passage is listed below the text, not marked over it: the figure or
      // name flagged inside that sentence must stay visible.
      const ranges: Range[] = report.flags
        .filter((f) => f.sectionKey === item.key && f.kind !== 'no_support')
        .map((f) => ({ start: f.start, end: f.end, ref: f.id, label: f.message }));
      return {
        segments: annotate(item.text, ranges, NEVER)
          .flat()
          .map((s) => ({ text: s.text, flag: s.mark ? (flagById.get(s.mark.ref) ?? null) : null })),
      };
    });
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

  const sources = d.sources.map((l, i) => {
    const s = l.source;
    // The source side of each flag ("rose" against the draft's "fell"), so the reviewer sees both.
    const flagRanges: Range[] = flags
      .filter((f) => f.evidence?.sourceId === s.id && f.evidence.inBody)
      .map((f) => {
        const ev = report.flags[f.n - 1].evidence!;
        return { start: ev.start, end: ev.end, ref: f.id, label: f.message };
      });
    let ranges: Range[] = [];
    if (selected !== undefined && content.claims[selected].sourceId === s.id) {
      const sup = claimSupport.get(selected);
      if (sup?.sourceStart !== undefined && sup.sourceEnd !== undefined)
        ranges = [{ start: sup.sourceStart, end: sup.sourceEnd, ref: 'evidence' }];
      else {
        const at = s.text.indexOf(content.claims[selected].evidenceQuote);
        if (at >= 0) ranges = [{ start: at, end: at + content.claims[selected].evidenceQuote.length, ref: 'evidence' }];
      }
    }
    return {
      n: i + 1,
      id: s.id,
      title: s.title,
      publisher: s.publisher,
      url: /^https?:\/\//i.test(s.url) ? s.url : null,
      role: l.role,
      publishedAt: s.publishedAt?.toISOString() ?? null,
      hasEvidence: ranges.length > 0 || flagRanges.length > 0,
      blocks: annotate(s.text, [...ranges, ...flagRanges], /\n\s*\n/).map((segments) => ({
        segments: segments.map((x) => ({
          text: x.text,
          evidence: x.mark?.ref === 'evidence',
          flag: x.mark && x.mark.ref !== 'evidence' ? (flagById.get(x.mark.ref) ?? null) : null,
        })),
      })),
    };
  });

  const latest = d.generations[0];
  // Drafting's partial renders generation details and follows a running one live.
  const generation = latest ? generationStatusView(latest, actor) : null;

  const openFlags = flags.filter((f) => f.blocking && !f.acknowledged).length;
  const advisoryFlags = flags.filter((f) => !f.blocking && !f.acknowledged).length;
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
    can: {
      ...withContext(can, {
        hasRevision: Boolean(rev),
        generating: latest?.status === 'queued' || latest?.status === 'running',
      }),
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
