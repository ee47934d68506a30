import type request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type Session, type TestApp, type TestUser } from '../support/testApp.js';
import { cleanContent, makeReviewBriefing, reviewContent, type ReviewBriefing } from '../support/reviewFactory.js';
import {
  BRIEFING_STATES,
  WORKFLOW,
  nextState,
  roleAllows,
  stateAllows,
  type WorkflowAction,
} from '../../server/review/workflow.js';
import type { BriefingState } from '../../server/generated/prisma/enums.js';
import type { Role } from '../../server/policies/actor.js';

const ROLES: Role[] = ['editor', 'reviewer', 'admin'];

type Call = (s: Session, b: ReviewBriefing, ctx: { reviewer: TestUser; user: TestUser }) => request.Test;

/** How each action is invoked through the HTTP API, and the status that means "done". */
const CALLS: Record<
  WorkflowAction,
  { call: Call; ok: number; flagged?: boolean; secondRevision?: boolean; failedDraft?: boolean }
> = {
  edit: {
    ok: 201,
    call: (s, b) =>
      post(s, `/api/briefings/${b.briefingId}/revisions`, {
        baseRevisionId: b.currentRevisionId,
        sections: { title: 'Edited in the table test' },
      }),
  },
  restore: {
    ok: 201,
    secondRevision: true,
    call: (s, b) =>
      post(s, `/api/briefings/${b.briefingId}/revisions/${b.revisionId}/restore`, {
        baseRevisionId: b.currentRevisionId,
      }),
  },
  comment: {
    ok: 201,
    call: (s, b) => post(s, `/api/briefings/${b.briefingId}/comments`, { body: 'A table-test comment.' }),
  },
  assign: {
    ok: 200,
    call: (s, b, c) => post(s, `/api/briefings/${b.briefingId}/assign`, { assigneeId: c.reviewer.id }),
  },
  acknowledge_flag: {
    ok: 200,
    flagged: true,
    call: (s, b) =>
      post(s, `/api/briefings/${b.briefingId}/flags/${FLAG_ID}/acknowledge`, { resolution: 'acknowledged' }),
  },
  submit_for_review: { ok: 200, call: (s, b) => post(s, `/api/briefings/${b.briefingId}/submit`) },
  request_changes: {
    ok: 200,
    call: (s, b) => post(s, `/api/briefings/${b.briefingId}/request-changes`, { reason: 'Tighten Our Take.' }),
  },
  approve: {
    ok: 201,
    call: (s, b, c) =>
      post(s, `/api/briefings/${b.briefingId}/sign-off`, {
        revisionId: b.currentRevisionId,
        password: c.user.password,
        statement: 'I reviewed it against the sources.',
      }),
  },
  withdraw: {
    ok: 200,
    call: (s, b) => post(s, `/api/briefings/${b.briefingId}/withdraw`, { reason: 'Story retracted.' }),
  },
  // Publishing's own route (issue 6); its state refusals carry its own codes (not_approved, already_published).
  publish: { ok: 201, call: (s, b) => post(s, `/api/briefings/${b.briefingId}/publish`, {}) },
  // Drafting's route; its command asks the same gate (authorizeTransition).
  reopen: {
    ok: 200,
    call: (s, b) => post(s, `/api/briefings/${b.briefingId}/reopen`, { reason: 'A figure was wrong.' }),
  },
  regenerate: {
    ok: 202,
    call: (s, b) =>
      post(s, `/api/briefings/${b.briefingId}/regenerate`, { instructions: 'Shorter Our Take; stress the EU angle.' }),
  },
  // On a briefing whose first draft failed (no revision yet), in every state.
  retry_draft: { ok: 202, failedDraft: true, call: (s, b) => post(s, `/api/briefings/${b.briefingId}/retry-draft`) },
};

let FLAG_ID = '';
function post(s: Session, url: string, body: object = {}) {
  return s.agent.post(url).set('X-CSRF-Token', s.csrf).send(body);
}

async function snapshot(t: TestApp, id: string) {
  const p = t.db.prisma;
  const [b, revisions, comments, signOffs, acks, publications] = await Promise.all([
    p.briefing.findUniqueOrThrow({
      where: { id },
      select: { state: true, lockVersion: true, currentRevisionId: true, assigneeId: true },
    }),
    p.revision.count({ where: { briefingId: id } }),
    p.comment.count({ where: { briefingId: id } }),
    p.signOff.count({ where: { briefingId: id, voidedAt: null } }),
    p.groundingAck.count({ where: { briefingId: id } }),
    p.publication.count({ where: { briefingId: id } }),
  ]);
  return { ...b, revisions, comments, signOffs, acks, publications };
}

describe.each(DB_KINDS)('workflow table through the HTTP API: every (state, action, role) (%s)', (kind) => {
  let t: TestApp;
  const users = {} as Record<Role, TestUser>;
  const sessions = {} as Record<Role, Session>;
  beforeAll(async () => {
    t = await startTestApp(kind);
    for (const r of ROLES) users[r] = await makeUser(t, [r], { displayName: `Table ${r}` });
    for (const r of ROLES) sessions[r] = await signIn(t, users[r]);
    const probe = await makeReviewBriefing(t.db.prisma);
    FLAG_ID = (
      (await t.db.prisma.revision.findUniqueOrThrow({ where: { id: probe.revisionId }, select: { grounding: true } }))
        .grounding as { flags: { id: string }[] }
    ).flags[0].id;
  });
  afterAll(() => t.close());

  test('the table covers every action the API offers, and admins may do everything', () => {
    expect(WORKFLOW.map((w) => w.action).sort()).toEqual(Object.keys(CALLS).sort());
    for (const w of WORKFLOW)
      expect(
        roleAllows(
          { kind: 'session', userId: 'x', email: 'a@b.c', displayName: 'A', roles: ['admin'], timezone: 'UTC' },
          w.action,
        ),
      ).toBe(true);
  });

  test.each(WORKFLOW.map((w) => w.action))(
    '%s: allowed cells move the state as the table says; refused cells are 403 (role) or 409 (state) and change nothing',
    async (action) => {
      const spec = CALLS[action];
      const mismatches: string[] = [];
      for (const state of BRIEFING_STATES as readonly BriefingState[]) {
        for (const role of ROLES) {
          const user = users[role];
          const b = await makeReviewBriefing(t.db.prisma, {
            state,
            createdById: users.editor.id,
            secondRevision: spec.secondRevision,
            failedDraft: spec.failedDraft,
            signedBy: !spec.failedDraft && (state === 'approved' || state === 'published') ? users.reviewer : undefined,
            content: spec.flagged ? (id) => reviewContent(id) : (id) => cleanContent(id),
          });
          const before = await snapshot(t, b.briefingId);
          const res = await spec.call(sessions[role], b, { reviewer: users.reviewer, user });
          const after = await snapshot(t, b.briefingId);
          const actorLike = {
            kind: 'session' as const,
            userId: user.id,
            email: user.email,
            displayName: user.displayName,
            roles: user.roles,
            timezone: 'UTC',
          };
          const cell = `${state} × ${action} × ${role}`;
          if (!roleAllows(actorLike, action)) {
            if (res.status !== 403) mismatches.push(`${cell}: expected 403, got ${res.status} ${res.body.code ?? ''}`);
            if (JSON.stringify(after) !== JSON.stringify(before))
              mismatches.push(`${cell}: refused but changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
          } else if (!stateAllows(state, action)) {
            const code =
              action === 'publish'
                ? ['not_approved', 'already_published', 'invalid_transition']
                : ['invalid_transition'];
            if (res.status !== 409 || !code.includes(String(res.body.code)))
              mismatches.push(`${cell}: expected 409 ${code.join('|')}, got ${res.status} ${res.body.code ?? ''}`);
            if (JSON.stringify(after) !== JSON.stringify(before)) mismatches.push(`${cell}: refused but changed`);
          } else {
            if (res.status !== spec.ok)
              mismatches.push(
                `${cell}: expected ${spec.ok}, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
              );
            if (after.state !== nextState(action, state))
              mismatches.push(`${cell}: expected state ${nextState(action, state)}, got ${after.state}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    },
  );
});
