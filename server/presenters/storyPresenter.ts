import { randomUUID } from 'node:crypto';
import type { Actor } from '../policies/actor.js';
import { hasRole } from '../policies/actor.js';
import type { StoryDevelopments } from '../queries/publishing/storyDevelopments.js';
import { stateLabel } from '../review/workflow.js';
import type { BriefingState } from '../generated/prisma/enums.js';

/** The publishing page's "New developments" section: strong new sources, updates started, the earlier story. */
export function presentStory(
  briefingId: string,
  s: StoryDevelopments,
  earlier: { id: string; title: string } | null,
  actor: Actor,
) {
  const canStart = hasRole(actor, 'editor');
  return {
    briefingId,
    published: s.publishedAt !== null,
    earlier: earlier ? { title: earlier.title, href: `/publishing/${earlier.id}` } : null,
    updates: s.updates.map((u) => ({
      id: u.id,
      title: u.title,
      state: u.state,
      stateLabel: stateLabel(u.state as BriefingState),
    })),
    developments: s.developments.map((d) => ({
      id: d.id,
      title: d.title,
      publisher: d.publisher,
      publishedAt: d.publishedAt?.toISOString() ?? null,
      score: d.score.toFixed(2),
      // One per form shown: a double click or a resent form returns the update it started.
      startKey: canStart ? randomUUID() : null,
    })),
    can: { startUpdate: canStart },
  };
}
