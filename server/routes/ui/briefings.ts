import { z } from 'zod';
import { route, type AnyRoute, type RouteContext } from '../../http/route.js';
import { signedIn, staff } from '../../policies/routePolicy.js';
import type { Actor } from '../../policies/actor.js';
import type { AppDeps } from '../../deps.js';
import { ConflictError } from '../../errors/AppError.js';
import { briefingQueue } from '../../queries/review/briefingQueue.js';
import { requestVerification } from '../../commands/grounding/requestVerification.js';
import { llmConfigured } from '../../drafting/llmFromConfig.js';
import { briefingDetail } from '../../queries/review/briefingDetail.js';
import { briefingHistory } from '../../queries/review/briefingHistory.js';
import { revisionDiff } from '../../queries/review/revisionDiff.js';
import { listNotifications } from '../../queries/review/notifications.js';
import { presentQueuePage } from '../../presenters/briefingQueuePresenter.js';
import { presentBriefingPage, type PageOptions } from '../../presenters/briefingPresenter.js';
import { presentSchedulePanel } from '../../presenters/schedulePresenter.js';
import { briefingSchedule } from '../../queries/publishing/briefingSchedule.js';
import { presentDiff, presentHistory } from '../../presenters/briefingHistoryPresenter.js';
import { presentTrackChanges, withTrackChanges } from '../../presenters/trackChangesPresenter.js';
import { revisionChain } from '../../queries/review/revisionChain.js';
import { presentNotification } from '../../presenters/notificationPresenter.js';
import { saveRevision } from '../../commands/review/saveRevision.js';
import { restoreRevision } from '../../commands/review/restoreRevision.js';
import { submitForReview } from '../../commands/review/submitForReview.js';
import { requestChanges } from '../../commands/review/requestChanges.js';
import { approveAndSignOff } from '../../commands/review/approveAndSignOff.js';
import { withdrawBriefing } from '../../commands/review/withdrawBriefing.js';
import { reopenForCorrection } from '../../commands/review/reopenForCorrection.js';
import { assignReviewer } from '../../commands/review/assignReviewer.js';
import { addComment } from '../../commands/review/addComment.js';
import { resolveComment } from '../../commands/review/resolveComment.js';
import { reopenComment } from '../../commands/review/reopenComment.js';
import { acknowledgeFlag } from '../../commands/review/acknowledgeFlag.js';
import { markNotificationsRead } from '../../commands/review/markNotificationsRead.js';
import { renderMarkdown } from '../../review/markdown.js';
import { EDITABLE_SECTIONS, type EditableSection } from '../../review/content.js';
import { NotFoundError } from '../../errors/AppError.js';
import {
  AckBody,
  CommentBody,
  DiffQuery,
  OptionalReasonBody,
  QueueQuery,
  ReasonBody,
  SignOffBody,
  briefingIdParam,
  commentParam,
  flagId,
  flagParam,
  revisionParam,
} from '../../schemas/review.js';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const SectionsForm = z.strictObject({
  baseRevisionId: z.uuid('must be a UUID'),
  title: z
    .string()
    .max(300)
    .refine((s) => s.trim().length > 0, 'must not be blank')
    .optional(),
  thirtySecondBriefing: z.string().max(20_000).optional(),
  technicalBrief: z.string().max(20_000).optional(),
  ourTake: z.string().max(20_000).optional(),
  keywords: z.string().max(2000).optional(),
  note: z.preprocess(blankToUndefined, z.string().max(500).optional()),
  // One ticked "I fixed this" arrives as a string, several as an array.
  resolves: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(flagId).max(200).optional()),
});
type SectionsForm = z.infer<typeof SectionsForm>;

const ClaimQuery = z.strictObject({
  claim: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(10_000).optional()),
  // Track changes (first AI draft → now, by author) beside every section; a link, so it works without JavaScript.
  changes: z.preprocess(blankToUndefined, z.enum(['1']).optional()),
});
const RestoreForm = z.strictObject({ baseRevisionId: z.uuid('must be a UUID') });
const AssignForm = z.strictObject({
  assigneeId: z.preprocess((v) => (v === '' ? null : v), z.uuid('must be a UUID').nullable()),
});
const CommentForm = CommentBody.extend({
  section: z.preprocess(blankToUndefined, CommentBody.shape.section),
  parentId: z.preprocess(blankToUndefined, CommentBody.shape.parentId),
});
const AckForm = AckBody.extend({ note: z.preprocess(blankToUndefined, AckBody.shape.note) });

function sectionsOf(form: SectionsForm): Partial<Record<EditableSection, string>> {
  const out: Partial<Record<EditableSection, string>> = {};
  for (const k of EDITABLE_SECTIONS) if (form[k] !== undefined) out[k] = form[k];
  return out;
}

async function draftPage(deps: AppDeps, actor: Actor, id: string, opts: PageOptions = {}, status = 200) {
  const d = await briefingDetail(deps.db.prisma, actor, id);
  const model = {
    ...presentBriefingPage(d, actor, { llmConfigured: llmConfigured(deps.config), ...opts }),
    schedulePanel: presentSchedulePanel(await briefingSchedule(deps.db.prisma, id, deps.now()), actor, deps.now()),
  };
  return { view: 'briefings/show', title: model.title, model, status };
}

const back = (id: string, flash: string, anchor = '') => ({ redirect: `/briefings/${id}${anchor}`, flash });

type Ctx<B> = RouteContext<B, unknown, { id: string }>;

/** Staff pages of the review workflow. Every action is a plain form post; review.js only enhances. */
export const briefingPageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/briefings',
    kind: 'page',
    policy: staff,
    query: QueueQuery,
    summary: 'Review queues with filters and counts',
    handler: async ({ deps, actor, query }) => {
      const f = {
        tab: query.tab,
        q: query.q,
        state: query.state,
        assigneeId: query.assignee,
        page: query.page,
        perPage: query.perPage,
      };
      return {
        view: 'briefings/index',
        title: 'Briefings',
        model: presentQueuePage(await briefingQueue(deps.db, actor!, f), f),
      };
    },
  }),
  route({
    method: 'get',
    path: '/briefings/:id',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    query: ClaimQuery,
    summary: 'The draft page: edit, check, comment, sign off',
    handler: async ({ deps, actor, params, query }) => {
      const page = await draftPage(deps, actor!, params.id, { selectedClaim: query.claim });
      if (!query.changes) return page;
      const changes = presentTrackChanges(await revisionChain(deps.db.prisma, params.id));
      return { ...page, model: withTrackChanges(page.model, changes) };
    },
  }),
  route({
    method: 'get',
    path: '/briefings/:id/history',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    summary: 'Revision history',
    handler: async ({ deps, actor, params }) => {
      const model = presentHistory(await briefingHistory(deps.db.prisma, params.id), actor!);
      return { view: 'briefings/history', title: model.title, model };
    },
  }),
  route({
    method: 'get',
    path: '/briefings/:id/diff',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    query: DiffQuery,
    summary: 'Word-level diff of two revisions',
    handler: async ({ deps, params, query }) => {
      const b = await deps.db.prisma.briefing.findUnique({
        where: { id: params.id },
        select: { id: true, title: true },
      });
      if (!b) throw new NotFoundError('No such briefing.');
      const model = presentDiff(await revisionDiff(deps.db.prisma, params.id, query.from, query.to), b);
      return { view: 'briefings/diff', title: model.title, model };
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/save',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    body: SectionsForm,
    summary: 'Save edits as a new revision',
    handler: async ({ deps, actor, params, body }: Ctx<SectionsForm>) => {
      const sections = sectionsOf(body);
      try {
        const r = await saveRevision(
          deps.db.prisma,
          actor!,
          params.id,
          { baseRevisionId: body.baseRevisionId, sections, note: body.note, resolves: body.resolves },
          deps.now(),
          { verify: llmConfigured(deps.config) },
        );
        return back(
          params.id,
          r.created
            ? `Saved as revision ${r.revision.number}.${r.voided ? ' The earlier sign-off is void: the briefing is back in review.' : ''}`
            : 'No changes to save.',
        );
      } catch (err) {
        // A stale save shows the merge view: their text kept in the editors, the diff against what is there now.
        if (err instanceof ConflictError && err.code === 'flag_not_resolved') {
          const flags = (err.extra as { flags: { id: string; message: string }[] }).flags;
          return draftPage(
            deps,
            actor!,
            params.id,
            { draftTexts: sections, unresolved: { detail: err.detail, flags }, resolving: body.resolves },
            409,
          );
        }
        if (err instanceof ConflictError && err.code === 'stale_revision') {
          return draftPage(
            deps,
            actor!,
            params.id,
            { draftTexts: sections, conflict: { detail: err.detail, ...err.extra } },
            409,
          );
        }
        throw err;
      }
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/preview',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    body: SectionsForm,
    summary: 'Preview edited sections (sanitised Markdown) without saving',
    handler: ({ deps, actor, params, body }: Ctx<SectionsForm>) => {
      const sections = sectionsOf(body);
      const previews = Object.fromEntries(Object.entries(sections).map(([k, v]) => [k, renderMarkdown(v ?? '')]));
      return draftPage(deps, actor!, params.id, { draftTexts: sections, previews });
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/restore/:revisionId',
    kind: 'page',
    policy: staff,
    params: revisionParam,
    body: RestoreForm,
    summary: 'Restore an old revision as a new one',
    handler: async ({ deps, actor, params, body }) => {
      const r = await restoreRevision(
        deps.db.prisma,
        actor!,
        params.id,
        { revisionId: params.revisionId, baseRevisionId: body.baseRevisionId },
        deps.now(),
      );
      return back(
        params.id,
        r.created ? `Restored as revision ${r.revision.number}.` : 'That revision is already the current text.',
      );
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/submit',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    summary: 'Send back to review',
    handler: async ({ deps, actor, params }) => {
      await submitForReview(deps.db.prisma, actor!, params.id, deps.now());
      return back(params.id, 'Sent back to review.');
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/request-changes',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    body: ReasonBody,
    summary: 'Request changes',
    handler: async ({ deps, actor, params, body }) => {
      await requestChanges(deps.db.prisma, actor!, params.id, body, deps.now());
      return back(params.id, 'Changes requested.');
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/sign-off',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    body: SignOffBody,
    summary: 'Approve and sign off',
    handler: async ({ deps, actor, params, body }) => {
      const s = await approveAndSignOff(deps.db.prisma, actor!, params.id, body, {
        fourEyes: deps.config.review.fourEyes,
        now: deps.now(),
      });
      return back(params.id, `Signed off by ${s.reviewerName}.`);
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/withdraw',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    body: OptionalReasonBody,
    summary: 'Withdraw the briefing',
    handler: async ({ deps, actor, params, body }) => {
      await withdrawBriefing(deps.db.prisma, actor!, params.id, { reason: body.reason ?? '' }, deps.now());
      return back(params.id, 'Briefing withdrawn.');
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/reopen',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    body: OptionalReasonBody,
    summary: 'Reopen for a correction',
    handler: async ({ deps, actor, params, body }) => {
      await reopenForCorrection(deps.db.prisma, actor!, params.id, { reason: body.reason ?? '' }, deps.now());
      return back(
        params.id,
        'Reopened for a correction. The published version stays live until the corrected one is signed off and published.',
      );
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/assign',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    body: AssignForm,
    summary: 'Assign a reviewer',
    handler: async ({ deps, actor, params, body }) => {
      await assignReviewer(deps.db.prisma, actor!, params.id, body, deps.now());
      return back(params.id, body.assigneeId ? 'Reviewer assigned.' : 'Unassigned.');
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/comments',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    body: CommentForm,
    summary: 'Add a comment',
    handler: async ({ deps, actor, params, body }) => {
      const c = await addComment(deps.db.prisma, actor!, params.id, body, deps.now());
      return back(params.id, 'Comment added.', `#comment-${c.parentId ?? c.id}`);
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/comments/:commentId/resolve',
    kind: 'page',
    policy: staff,
    params: commentParam,
    summary: 'Resolve a thread',
    handler: async ({ deps, actor, params }) => {
      await resolveComment(deps.db.prisma, actor!, params.id, params.commentId, deps.now());
      return back(params.id, 'Thread resolved.', `#comment-${params.commentId}`);
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/comments/:commentId/reopen',
    kind: 'page',
    policy: staff,
    params: commentParam,
    summary: 'Reopen a thread',
    handler: async ({ deps, actor, params }) => {
      await reopenComment(deps.db.prisma, actor!, params.id, params.commentId, deps.now());
      return back(params.id, 'Thread reopened.', `#comment-${params.commentId}`);
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/flags/:flagId/acknowledge',
    kind: 'page',
    policy: staff,
    params: flagParam,
    body: AckForm,
    summary: 'Acknowledge a grounding flag',
    handler: async ({ deps, actor, params, body }) => {
      await acknowledgeFlag(
        deps.db.prisma,
        actor!,
        params.id,
        { flagId: params.flagId, resolution: body.resolution, note: body.note },
        deps.now(),
      );
      return back(params.id, 'Flag acknowledged as correct.', `#flag-${params.flagId}`);
    },
  }),
  route({
    method: 'post',
    path: '/briefings/:id/verify',
    kind: 'page',
    policy: staff,
    params: briefingIdParam,
    summary: 'Ask the model verifier for a second opinion on the current revision',
    handler: async ({ deps, actor, params }) => {
      const r = await requestVerification(
        deps.db.prisma,
        actor!,
        params.id,
        { llmConfigured: llmConfigured(deps.config) },
        deps.now(),
      );
      return back(
        params.id,
        r.created ? 'The model verifier will read this revision shortly.' : 'A verification is already waiting.',
        '#verifier',
      );
    },
  }),
  route({
    method: 'get',
    path: '/notifications',
    kind: 'page',
    policy: signedIn,
    summary: 'Your notifications',
    handler: async ({ deps, actor }) => {
      const n = await listNotifications(deps.db.prisma, actor!.userId);
      return {
        view: 'briefings/notifications',
        title: 'Notifications',
        model: { unread: n.unread, notifications: n.rows.map(presentNotification) },
      };
    },
  }),
  route({
    method: 'post',
    path: '/notifications/read',
    kind: 'page',
    policy: signedIn,
    body: z.strictObject({}),
    summary: 'Mark all notifications read',
    handler: async ({ deps, actor }) => {
      await markNotificationsRead(deps.db.prisma, actor!, {}, deps.now());
      return { redirect: '/notifications', flash: 'All notifications marked read.' };
    },
  }),
];
