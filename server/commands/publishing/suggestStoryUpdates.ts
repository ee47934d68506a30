import type { Db } from '../../db/connect.js';
import { storyDevelopments } from '../../queries/publishing/storyDevelopments.js';
import { suggestUpdate } from '../../publishing/suggestUpdate.js';

export interface SuggestionPass {
  /** Published briefings looked at. */
  briefings: number;
  /** (briefing, source) pairs announced by this pass; pairs announced before are not repeated. */
  suggested: { briefingId: string; sourceId: string }[];
  /** Briefings whose look failed (the pass went on with the others; the next pass tries again). */
  failed: { briefingId: string; error: unknown }[];
}

/**
 * Announces every published briefing's new developments that have not been announced yet: the
 * sources the publishing page lists (`storyDevelopments`, the collation scorer against the story's
 * own best source), each pair once, with its notification, audit and webhook event in one
 * transaction per briefing. Safe to run from several processes at once and as often as wanted.
 */
export async function suggestStoryUpdates(db: Db, now: () => Date = () => new Date()): Promise<SuggestionPass> {
  const published = await db.briefing.findMany({
    where: { state: 'published' },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const suggested: SuggestionPass['suggested'] = [];
  const failed: SuggestionPass['failed'] = [];
  for (const { id } of published) {
    try {
      suggested.push(...(await suggestFor(db, id, now)));
    } catch (error) {
      failed.push({ briefingId: id, error });
    }
  }
  return { briefings: published.length, suggested, failed };
}

async function suggestFor(db: Db, id: string, now: () => Date): Promise<SuggestionPass['suggested']> {
  const story = await storyDevelopments(db, id);
  if (!story.developments.length) return [];
  const known = new Set(
    (
      await db.updateSuggestion.findMany({
        where: { briefingId: id, sourceId: { in: story.developments.map((d) => d.id) } },
        select: { sourceId: true },
      })
    ).map((r) => r.sourceId),
  );
  const fresh = story.developments.filter((d) => !known.has(d.id));
  if (!fresh.length) return [];
  const at = now();
  const done = await db.$transaction((tx) =>
    suggestUpdate(tx, { briefingId: id, sources: fresh, threshold: story.threshold, at }),
  );
  return done.map((sourceId) => ({ briefingId: id, sourceId }));
}
