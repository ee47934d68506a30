import { hasRole, type Actor } from '../policies/actor.js';
import { isSyntheticUrl } from '../sources/ingest/prepareSource.js';
import type { SourceHit } from '../sources/search/searchSources.js';
import type { SourceDetailRow } from '../queries/sourceDetail.js';
import type { Collation } from '../sources/collation/collateForLead.js';
import type { KeywordStats } from '../sources/search/keywordStats.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
/** Only real web addresses become links; synthetic import ids are shown as text. */
const href = (url: string) => (isSyntheticUrl(url) || !/^https?:\/\//i.test(url) ? null : url);

export function presentSourceHit(h: SourceHit) {
  return {
    id: h.id,
    title: h.title,
    publisher: h.publisher,
    url: h.url,
    href: href(h.url),
    publishedAt: iso(h.publishedAt),
    origin: h.origin,
    duplicateOfId: h.duplicateOfId,
    isDuplicate: h.duplicateOfId !== null,
    wordCount: h.wordCount,
    rank: h.rank,
    snippet: h.snippet,
  };
}

export function presentSource(s: SourceDetailRow, actor: Actor | null) {
  return {
    id: s.id,
    canonicalUrl: s.canonicalUrl,
    url: s.url,
    href: href(s.url),
    publisher: s.publisher,
    title: s.title,
    author: s.author,
    publishedAt: iso(s.publishedAt),
    fetchedAt: iso(s.fetchedAt),
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    language: s.language,
    text: s.text,
    wordCount: s.wordCount,
    contentHash: s.contentHash,
    keywords: s.keywords,
    origin: s.origin,
    /** Embargo: no briefing using this source appears before this instant. */
    notBefore: iso(s.notBefore),
    feed: s.feed ? { id: s.feed.id, title: s.feed.title ?? s.feed.url } : null,
    duplicateOf: s.duplicateOf
      ? { id: s.duplicateOf.id, title: s.duplicateOf.title, publisher: s.duplicateOf.publisher }
      : null,
    duplicates: s.duplicates.map((d) => ({
      id: d.id,
      title: d.title,
      publisher: d.publisher,
      url: d.url,
      href: href(d.url),
    })),
    archives: s.archives.map((a) => ({
      id: a.id,
      origin: a.origin,
      fetchedAt: iso(a.fetchedAt),
      contentType: a.contentType,
      httpStatus: a.httpStatus,
      bytes: a.bytes,
    })),
    // A near-duplicate is never a lead: the first copy is the one to start from.
    can: {
      manage: hasRole(actor, 'editor'),
      startBriefing: hasRole(actor, 'editor') && !s.duplicateOf && s.wordCount > 0,
    },
  };
}

export function presentArchive(a: {
  id: string;
  sourceId: string;
  origin: string;
  fetchedAt: Date;
  contentType: string;
  httpStatus: number | null;
  meta: unknown;
  body: string;
}) {
  return {
    id: a.id,
    sourceId: a.sourceId,
    origin: a.origin,
    fetchedAt: iso(a.fetchedAt),
    contentType: a.contentType,
    httpStatus: a.httpStatus,
    meta: a.meta,
    body: a.body,
  };
}

export function presentCollation(c: Collation) {
  const byId = new Map<string, string[]>();
  for (const f of c.facts) for (const id of f.sourceIds) byId.set(id, [...(byId.get(id) ?? []), f.term]);
  return {
    lead: { ...c.lead, publishedAt: iso(c.lead.publishedAt), href: href(c.lead.url) },
    keyTerms: c.keyTerms,
    related: c.related.map((r) => ({
      ...r,
      publishedAt: iso(r.publishedAt),
      href: href(r.url),
      score: Math.round(r.score * 1000) / 1000,
      matchedTerms: byId.get(r.id) ?? [],
    })),
    facts: c.facts,
    tokenCount: c.tokenCount,
  };
}

export function presentKeywordStats(s: KeywordStats) {
  return {
    term: s.term,
    matches: s.matches,
    sources: s.sources.map((x) => ({ ...x, publishedAt: iso(x.publishedAt), href: href(x.url) })),
  };
}
