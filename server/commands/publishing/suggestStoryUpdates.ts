import type { Db } from '../../db/connect.js';
import { storyDevelopments } from '../../queries/publishing/storyDevelopments.js';
import { suggestUpdate } from '../../publishing/suggestUpdate.js';

export interface SuggestionPass {
  /** Published briefings looked at (those first published inside the window). */
  briefings: number;
  /** (briefing, source) pairs announced by this pass; pairs announced before are not repeated. */
  suggested: { briefingId: string; sourceId: string }[];
  /** Briefings whose look failed (the pass went on with the others; the next pass tries again). */
  failed: { briefingId: string; error: unknown }[];
}

/**
 * Announces the new developments, not announced yet, of every briefing first published in the last
 * `windowDays` (older stories keep their list on the publishing page but are not announced): the
 * sources the publishing page lists (`storyDevelopments`, the collation scorer against the story's
 * own best source), each pair once, with its notification, audit and webhook event in one
 * transaction per briefing. Safe to run from several processes at once and as often as wanted.
 */
export async function suggestStoryUpdates(
  db: Db,
  { windowDays, now = () => new Date() }: { windowDays: number; now?: () => Date },
): Promise<SuggestionPass> {
  const since = new Date(now().getTime() - windowDays * 86_400_000);
  const published = await db.briefing.findMany({
    where: { state: 'published', publications: { some: { unpublishedAt: null, firstPublishedAt: { gte: since } } } },
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
