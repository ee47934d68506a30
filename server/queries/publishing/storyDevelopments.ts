import type { Db } from '../../db/connect.js';
import { NotFoundError } from '../../errors/AppError.js';
import { collateForLead } from '../../sources/collation/collateForLead.js';

/** Sources the collation scorer ranks for the lead; the strong ones among the new arrivals are shown. */
const CANDIDATES = 20;
/** A new source must score at least this, and at least this share of the best source the briefing was drafted from. */
const SCORE_FLOOR = 0.05;
const SHARE_OF_BEST = 0.5;

export interface Development {
  id: string;
  title: string;
  publisher: string;
  url: string;
  publishedAt: Date | null;
  arrivedAt: Date;
  score: number;
}

export interface StoryDevelopments {
  /** When the briefing first went live; null when it is not published. */
  publishedAt: Date | null;
  threshold: number;
  developments: Development[];
  /** Briefings already started as updates of this one. */
  updates: { id: string; title: string; state: string; leadSourceId: string }[];
}

/**
 * New developments of a published story: sources that arrived after it went live and that the
 * collation scorer (the same ranking that chose its related sources) scores at least half as high
 * as the best source it was drafted from. A source it already uses, or one an update already leads
 * with, is not news.
 */
export async function storyDevelopments(db: Db, briefingId: string): Promise<StoryDevelopments> {
  const b = await db.briefing.findUnique({
    where: { id: briefingId },
    select: {
      id: true,
      state: true,
      leadSourceId: true,
      sources: { select: { sourceId: true, role: true, score: true } },
      publications: {
        where: { unpublishedAt: null },
        orderBy: { version: 'asc' },
        take: 1,
        select: { firstPublishedAt: true },
      },
      updates: { select: { id: true, title: true, state: true, leadSourceId: true }, orderBy: { createdAt: 'asc' } },
    },
  });
  if (!b) throw new NotFoundError('No such briefing.');
  const publishedAt = b.state === 'published' ? (b.publications[0]?.firstPublishedAt ?? null) : null;
  // Relative to the story's own related sources: a broad story's tail of loosely related pieces
  // (one shared common word) scores far below its best match, and so does a new piece like them.
  const best = Math.max(0, ...b.sources.filter((s) => s.role !== 'lead').map((s) => s.score));
  const threshold = Math.max(SCORE_FLOOR, best * SHARE_OF_BEST);
  const base = { publishedAt, threshold, updates: b.updates.map((u) => ({ ...u, state: String(u.state) })) };
  if (!publishedAt) return { ...base, developments: [] };

  const collation = await collateForLead(db, b.leadSourceId, { k: CANDIDATES, tokenBudget: 0 });
  const known = new Set([...b.sources.map((s) => s.sourceId), ...b.updates.map((u) => u.leadSourceId)]);
  const strong = collation.related.filter((r) => r.score >= threshold && !known.has(r.id));
  if (strong.length === 0) return { ...base, developments: [] };
  const arrived = new Map(
    (
      await db.source.findMany({
        where: { id: { in: strong.map((r) => r.id) }, createdAt: { gt: publishedAt } },
        select: { id: true, createdAt: true },
      })
    ).map((s) => [s.id, s.createdAt]),
  );
  return {
    ...base,
    developments: strong
      .filter((r) => arrived.has(r.id))
      .map((r) => ({
        id: r.id,
        title: r.title,
        publisher: r.publisher,
        url: r.url,
        publishedAt: r.publishedAt,
        arrivedAt: arrived.get(r.id)!,
        score: r.score,
      })),
  };
}
