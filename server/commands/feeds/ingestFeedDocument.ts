import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { prepareSource, type PreparedSource } from '../../sources/ingest/prepareSource.js';
import { feedItemToInput } from '../../sources/feeds/feedItemToInput.js';
import type { ParsedFeed } from '../../sources/feeds/parseFeed.js';
import { tally, upsertPreparedSources, type UpsertOutcome } from '../sources/upsertSources.js';

export interface FeedIngestSummary {
  counts: Record<UpsertOutcome, number>;
  /** Items that could not be stored, with why (the rest were stored). */
  problems: string[];
  sourceIds: string[];
}

/**
 * Stores every readable item of a parsed feed; an unreadable item is reported
 * and skipped so one bad entry does not cost the others.
 */
export async function ingestFeedDocument(
  db: Db,
  actor: Actor | null,
  parsed: ParsedFeed,
  ctx: { feedId: string | null; feedUrl: string; publisher: string; fetchedAt: Date; httpStatus?: number | null },
): Promise<FeedIngestSummary> {
  const problems: string[] = [];
  const prepared: PreparedSource[] = [];
  parsed.items.forEach((item, i) => {
    try {
      const p = prepareSource(feedItemToInput(item, { ...ctx, parsed }));
      prepared.push(p);
      // Stored after cleaning: said, never silent (the archive's cleaning is the same change).
      const changes = p.cleaned.filter((c) => c.field !== 'archive').map((c) => `${c.field}: ${c.message}`);
      if (changes.length)
        problems.push(`Item ${i + 1} (${JSON.stringify(p.title.slice(0, 80))}) cleaned: ${changes.join('; ')}`);
    } catch (e) {
      problems.push(`Item ${i + 1} (${JSON.stringify(item.title.slice(0, 80))}) skipped: ${(e as Error).message}`);
    }
  });
  const results = await upsertPreparedSources(db, actor, prepared, ctx.fetchedAt);
  return { counts: tally(results), problems, sourceIds: results.map((r) => r.id) };
}
