import type { Actor } from '../policies/actor.js';
import { roleAllows, stateLabel } from '../review/workflow.js';
import type { BriefingState } from '../generated/prisma/enums.js';

export interface PanelCheck {
  ok: boolean;
  text: string;
  href: string | null;
  /** Marks the check the page's script turns into a blocker when an editor changes. */
  kind: 'flags' | 'flag' | 'unsaved' | 'fourEyes';
}

interface PanelInput {
  briefingId: string;
  actor: Actor;
  state: BriefingState;
  /** The workflow (with context) allows this person to approve now. */
  approve: boolean;
  revision: { number: number; authorId: string | null; author: string | null } | null;
  lastRegenRequestedById: string | null;
  fourEyes: boolean;
  openFlags: { id: string; n: number; kindLabel: string; section: string | null }[];
  unsavedSections: { key: string; label: string }[];
}

/**
 * "What blocks sign-off": the same three conditions approveAndSignOff enforces (open blocking flags,
 * the four-eyes rule) plus edits not yet saved, which the sign-off would not cover. The command stays
 * the authority; this only says in advance what it would refuse, each item linking to its place.
 */
export function signOffPanel(i: PanelInput) {
  const checks: PanelCheck[] = [];
  if (i.openFlags.length === 0) checks.push({ ok: true, kind: 'flags', text: 'No open blocking flags', href: null });
  for (const f of i.openFlags)
    checks.push({
      ok: false,
      kind: 'flag',
      text: `Flag ${f.n}: ${f.kindLabel}${f.section ? ` (${f.section})` : ''}`,
      href: `#flag-${f.id}`,
    });
  if (i.unsavedSections.length)
    for (const s of i.unsavedSections)
      checks.push({ ok: false, kind: 'unsaved', text: `Unsaved edits in ${s.label}`, href: `#edit-${s.key}` });
  else checks.push({ ok: true, kind: 'unsaved', text: 'No unsaved edits', href: null });

  const me = i.actor.userId;
  const madeLast = i.revision?.authorId === me;
  const regenerated = i.lastRegenRequestedById === me;
  if (!i.fourEyes) checks.push({ ok: true, kind: 'fourEyes', text: 'Four-eyes rule is off on this desk', href: null });
  else if (madeLast || regenerated)
    checks.push({
      ok: false,
      kind: 'fourEyes',
      text: `Four-eyes rule: you ${madeLast ? `wrote revision ${i.revision!.number}` : 'asked for the last regeneration'}, so another reviewer must sign off`,
      href: `/briefings/${i.briefingId}/history`,
    });
  else
    checks.push({
      ok: true,
      kind: 'fourEyes',
      text: `Four-eyes rule: revision ${i.revision?.number ?? '?'} is by ${i.revision?.author ?? 'the AI draft'}, not you`,
      href: null,
    });

  const blockers = checks.filter((c) => !c.ok);
  return {
    /** Why sign-off is not this person's to give now (role or state), when it is not. */
    notYours: i.approve
      ? null
      : !i.revision
        ? 'There is no draft to sign yet.'
        : !roleAllows(i.actor, 'approve')
          ? 'Sign-off is a reviewer’s: your role cannot sign.'
          : `Sign-off happens in review; this briefing is ${stateLabel(i.state).toLowerCase()}.`,
    checks,
    blockers,
    ready: i.approve && blockers.length === 0,
  };
}
