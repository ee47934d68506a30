import type { BriefingState } from '../generated/prisma/enums.js';
import { hasRole, type Actor, type Role } from '../policies/actor.js';
import { ConflictError, ForbiddenError } from '../errors/AppError.js';

export type { BriefingState };

export const BRIEFING_STATES = [
  'drafting',
  'in_review',
  'changes_requested',
  'regenerating',
  'approved',
  'published',
  'withdrawn',
] as const satisfies readonly BriefingState[];

/**
 * Every person-initiated action on an existing briefing. `start` creates one and has
 * no from-state, so it lives outside this table (Drafting's startBriefing, editors only).
 */
export type WorkflowAction =
  | 'edit'
  | 'restore'
  | 'comment'
  | 'assign'
  | 'acknowledge_flag'
  | 'submit_for_review'
  | 'request_changes'
  | 'approve'
  | 'regenerate'
  | 'withdraw'
  | 'publish'
  | 'reopen'
  | 'retry_draft';

export interface Transition {
  action: WorkflowAction;
  from: readonly BriefingState[];
  /** null: the action keeps the state (a save in review stays in review). */
  to: BriefingState | ((from: BriefingState) => BriefingState) | null;
  /** Admins pass every role check (hasRole), so they are not listed. */
  roles: readonly Role[];
  label: string;
}

const OPEN: readonly BriefingState[] = ['in_review', 'changes_requested', 'approved'];
const LIVE: readonly BriefingState[] = ['drafting', 'in_review', 'changes_requested', 'regenerating', 'approved'];

// Content changes after a sign-off void it, so anything editing an approved briefing sends it back to review.
const backToReviewIfApproved = (from: BriefingState): BriefingState => (from === 'approved' ? 'in_review' : from);

/**
 * The whole workflow, declaratively. The server checks every request against it
 * (authorizeTransition), presenters derive can.* from it, and the table-driven test
 * walks every (state, action, role) cell of it through the HTTP API.
 */
export const WORKFLOW: readonly Transition[] = [
  // Generations write content while drafting/regenerating; published text changes only through corrections (Publishing).
  { action: 'edit', from: OPEN, to: backToReviewIfApproved, roles: ['reviewer'], label: 'Save an edit' },
  { action: 'restore', from: OPEN, to: backToReviewIfApproved, roles: ['reviewer'], label: 'Restore an old revision' },
  // Editors reply to reviewers' threads too: the brief's "reviewers comment" is about who reviews, not who may answer.
  { action: 'comment', from: [...LIVE, 'published'], to: null, roles: ['reviewer', 'editor'], label: 'Comment' },
  { action: 'assign', from: LIVE, to: null, roles: ['editor', 'reviewer'], label: 'Assign a reviewer' },
  { action: 'acknowledge_flag', from: OPEN, to: null, roles: ['reviewer'], label: 'Acknowledge a grounding flag' },
  {
    action: 'submit_for_review',
    from: ['changes_requested'],
    to: 'in_review',
    roles: ['editor', 'reviewer'],
    label: 'Send back to review',
  },
  {
    action: 'request_changes',
    from: ['in_review', 'approved'],
    to: 'changes_requested',
    roles: ['reviewer'],
    label: 'Request changes',
  },
  { action: 'approve', from: ['in_review'], to: 'approved', roles: ['reviewer'], label: 'Approve and sign off' },
  { action: 'regenerate', from: OPEN, to: 'regenerating', roles: ['editor'], label: 'Regenerate' },
  { action: 'withdraw', from: LIVE, to: 'withdrawn', roles: ['editor'], label: 'Withdraw' },
  { action: 'publish', from: ['approved'], to: 'published', roles: ['editor'], label: 'Publish' },
  // A correction starts here: the live version stays up until the corrected revision is signed off and published.
  { action: 'reopen', from: ['published'], to: 'in_review', roles: ['editor'], label: 'Reopen for a correction' },
  // After a failed or cancelled first draft (LLM down, bad output): the briefing waits in drafting until an editor retries.
  { action: 'retry_draft', from: ['drafting'], to: null, roles: ['editor'], label: 'Retry the first draft' },
];

export const WORKFLOW_ACTIONS: readonly WorkflowAction[] = WORKFLOW.map((t) => t.action);

const BY_ACTION = new Map(WORKFLOW.map((t) => [t.action, t]));

export function transitionFor(action: WorkflowAction): Transition {
  const t = BY_ACTION.get(action);
  if (!t) throw new Error(`unknown workflow action ${action}`);
  return t;
}

export function roleAllows(actor: Actor | null | undefined, action: WorkflowAction): boolean {
  return hasRole(actor, ...transitionFor(action).roles);
}

export function stateAllows(state: BriefingState, action: WorkflowAction): boolean {
  return transitionFor(action).from.includes(state);
}

/** What the current person may do right now: feeds the presenters' can.* flags. */
export function can(actor: Actor | null | undefined, state: BriefingState, action: WorkflowAction): boolean {
  return roleAllows(actor, action) && stateAllows(state, action);
}

export function nextState(action: WorkflowAction, from: BriefingState): BriefingState {
  const to = transitionFor(action).to;
  if (to === null) return from;
  return typeof to === 'function' ? to(from) : to;
}

/**
 * The single server-side gate: wrong role → 403, wrong state → 409 invalid_transition.
 * Role first, so a caller who may never act learns nothing about the state.
 */
export function authorizeTransition(actor: Actor, action: WorkflowAction, state: BriefingState): BriefingState {
  const t = transitionFor(action);
  if (!roleAllows(actor, action)) {
    throw new ForbiddenError(
      `Your role does not allow this action (${t.label.toLowerCase()} needs: ${t.roles.join(' or ')}).`,
    );
  }
  if (!t.from.includes(state)) {
    throw new ConflictError(
      'invalid_transition',
      `Cannot ${t.label.toLowerCase()} while the briefing is ${stateLabel(state)}.`,
      {
        extra: { state, action, allowedFrom: t.from },
      },
    );
  }
  return nextState(action, state);
}

/** Where a finished generation leaves the briefing (for the Drafting worker). */
export function stateAfterGeneration(state: BriefingState): BriefingState {
  return state === 'drafting' || state === 'regenerating' ? 'in_review' : state;
}

const LABELS: Record<BriefingState, string> = {
  drafting: 'drafting',
  in_review: 'in review',
  changes_requested: 'changes requested',
  regenerating: 'regenerating',
  approved: 'approved',
  published: 'published',
  withdrawn: 'withdrawn',
};

export function stateLabel(state: BriefingState): string {
  return LABELS[state];
}
