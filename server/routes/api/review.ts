import { route, type AnyRoute } from '../../http/route.js';
import { signedIn, staff } from '../../policies/routePolicy.js';
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
import { listNotifications } from '../../queries/review/notifications.js';
import { presentNotification } from '../../presenters/notificationPresenter.js';
import { currentValidSignOff } from '../../review/signOffs.js';
import { renderMarkdown } from '../../review/markdown.js';
import {
  AckBody,
  AssignBody,
  CommentBody,
  OptionalReasonBody,
  PreviewBody,
  ReadBody,
  ReasonBody,
  SignOffBody,
  briefingIdParam,
  commentParam,
  flagParam,
} from '../../schemas/review.js';
import { findBriefingOr404 } from '../../review/lockBriefing.js';

const tags = ['review'];
const moved = (r: { from: string; to: string }) => ({ json: { from: r.from, state: r.to } });

/** Workflow actions, comments, grounding acknowledgements and notifications. */
export const reviewApiRoutes: AnyRoute[] = [
  route({
    method: 'post',
    path: '/api/briefings/:id/submit',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    summary: 'Send a briefing with changes requested back to review.',
    handler: async ({ deps, actor, params }) =>
      moved(await submitForReview(deps.db.prisma, actor!, params.id, deps.now())),
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/request-changes',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    body: ReasonBody,
    summary: 'Reviewer: send the briefing back with a reason (voids any sign-off).',
    handler: async ({ deps, actor, params, body }) =>
      moved(await requestChanges(deps.db.prisma, actor!, params.id, body, deps.now())),
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/sign-off',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    body: SignOffBody,
    summary:
      'Reviewer: approve and sign off the current revision (password re-entered; every grounding flag acknowledged).',
    handler: async ({ deps, actor, params, body }) => {
      const s = await approveAndSignOff(deps.db.prisma, actor!, params.id, body, {
        fourEyes: deps.config.review.fourEyes,
        now: deps.now(),
      });
      return {
        status: 201,
        json: {
          id: s.id,
          revisionId: s.revisionId,
          contentHash: s.contentHash,
          reviewerName: s.reviewerName,
          statement: s.statement,
          createdAt: s.createdAt.toISOString(),
          state: 'approved',
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/briefings/:id/sign-off',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    summary: 'The sign-off that currently covers the briefing (null when none is valid).',
    handler: async ({ deps, params }) => {
      await findBriefingOr404(deps.db.prisma, params.id);
      const s = await currentValidSignOff(deps.db.prisma, params.id);
      return { json: { signOff: s ? { ...s, createdAt: s.createdAt.toISOString(), voidedAt: null } : null } };
    },
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/withdraw',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    body: OptionalReasonBody,
    summary: 'Editor: withdraw the briefing (stops any running generation).',
    handler: async ({ deps, actor, params, body }) =>
      moved(await withdrawBriefing(deps.db.prisma, actor!, params.id, { reason: body.reason ?? '' }, deps.now())),
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/reopen',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    body: OptionalReasonBody,
    summary: 'Editor: reopen a published briefing for a correction (the live version stays up).',
    handler: async ({ deps, actor, params, body }) =>
      moved(await reopenForCorrection(deps.db.prisma, actor!, params.id, { reason: body.reason ?? '' }, deps.now())),
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/assign',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    body: AssignBody,
    summary: 'Assign a reviewer (or null to unassign); the assignee is notified.',
    handler: async ({ deps, actor, params, body }) => {
      await assignReviewer(deps.db.prisma, actor!, params.id, body, deps.now());
      return { json: { assigneeId: body.assigneeId } };
    },
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/comments',
    kind: 'api',
    policy: staff,
    tags,
    params: briefingIdParam,
    body: CommentBody,
    summary: 'Comment on the briefing or one section, or reply to a thread; @email or @Display Name mentions notify.',
    handler: async ({ deps, actor, params, body }) => {
      const c = await addComment(deps.db.prisma, actor!, params.id, body, deps.now());
      return { status: 201, json: { ...c, createdAt: c.createdAt.toISOString() } };
    },
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/comments/:commentId/resolve',
    kind: 'api',
    policy: staff,
    tags,
    params: commentParam,
    summary: 'Resolve a comment thread.',
    handler: async ({ deps, actor, params }) => ({
      json: await resolveComment(deps.db.prisma, actor!, params.id, params.commentId, deps.now()),
    }),
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/comments/:commentId/reopen',
    kind: 'api',
    policy: staff,
    tags,
    params: commentParam,
    summary: 'Reopen a resolved comment thread.',
    handler: async ({ deps, actor, params }) => ({
      json: await reopenComment(deps.db.prisma, actor!, params.id, params.commentId, deps.now()),
    }),
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/flags/:flagId/acknowledge',
    kind: 'api',
    policy: staff,
    tags,
    params: flagParam,
    body: AckBody,
    summary: 'Reviewer: acknowledge (or mark resolved) a grounding flag of the current revision.',
    handler: async ({ deps, actor, params, body }) => {
      const a = await acknowledgeFlag(
        deps.db.prisma,
        actor!,
        params.id,
        { flagId: params.flagId, ...body },
        deps.now(),
      );
      return {
        json: {
          id: a.id,
          flagId: a.flagId,
          resolution: a.resolution,
          note: a.note,
          createdAt: a.createdAt.toISOString(),
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/review/preview',
    kind: 'api',
    policy: staff,
    tags,
    body: PreviewBody,
    summary: "Render Markdown as sanitised HTML (the editor's preview).",
    handler: ({ body }) => ({ json: { html: renderMarkdown(body.markdown) } }),
  }),
  route({
    method: 'get',
    path: '/api/notifications',
    kind: 'api',
    policy: signedIn,
    tags,
    summary: 'Your latest notifications and the unread count.',
    handler: async ({ deps, actor }) => {
      const n = await listNotifications(deps.db.prisma, actor!.userId);
      return { json: { unread: n.unread, notifications: n.rows.map(presentNotification) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/notifications/read',
    kind: 'api',
    policy: signedIn,
    tags,
    body: ReadBody,
    summary: 'Mark your notifications read (all, or the given ids).',
    handler: async ({ deps, actor, body }) => ({
      json: await markNotificationsRead(deps.db.prisma, actor!, body, deps.now()),
    }),
  }),
];
