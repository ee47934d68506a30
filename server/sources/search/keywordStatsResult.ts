/**
 * What keywordStats answers: the exact number of distinct (non-duplicate) sources matching a term,
 * and the newest of them. Its own file because both the general path (keywordStats.ts) and the
 * one-word fast path (oneWordStats.ts) build it.
 */
export interface KeywordStats {
  term: string;
  matches: number;
  sources: { id: string; title: string; publisher: string; url: string; publishedAt: Date | null; rank: number }[];
}
