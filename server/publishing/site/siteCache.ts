import { etagOf } from '../writePublication.js';
import { PublicBody } from './publicBody.js';

/**
 * Entries valid for one site version, per process, dropped as soon as the version moves.
 * Bounded so a crawler walking every page, tag and slug cannot grow it forever.
 */
class VersionedCache<T> {
  private version = '';
  private entries = new Map<string, T>();
  constructor(private readonly maxEntries: number) {}

  async get(version: string, key: string, load: () => Promise<T>): Promise<T> {
    if (version !== this.version) {
      this.version = version;
      this.entries.clear();
    }
    if (this.entries.has(key)) return this.entries.get(key)!;
    const value = await load();
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    // A version change while loading means the value may already be stale: serve it, don't keep it.
    if (version === this.version) this.entries.set(key, value);
    return value;
  }
}

/** Generated lists and feeds (home, tags, search, feeds, sitemap, robots). */
export class SiteCache {
  private readonly cache = new VersionedCache<PublicBody | null>(500);

  get(
    version: string,
    key: string,
    lastModified: Date,
    contentType: string,
    build: () => string | null | Promise<string | null>,
  ): Promise<PublicBody | null> {
    return this.cache.get(version, key, async () => {
      const body = await build();
      return body === null ? null : new PublicBody(body, etagOf(body), lastModified, contentType);
    });
  }
}

/** A stored article page, or the fact that its slug was unpublished. */
export type StoredArticle = { page: PublicBody; unpublished: boolean };

/** Stored article pages by slug (or null: no such slug), valid for one site version. */
export class ArticleCache {
  private readonly cache = new VersionedCache<StoredArticle | null>(2000);

  get(
    version: string,
    slug: string,
    load: () => Promise<{ html: string; etag: string; publishedAt: Date; unpublishedAt: Date | null } | null>,
  ): Promise<StoredArticle | null> {
    return this.cache.get(version, slug, async () => {
      const row = await load();
      return (
        row && {
          page: new PublicBody(row.html, row.etag, row.publishedAt, 'text/html; charset=utf-8'),
          unpublished: row.unpublishedAt !== null,
        }
      );
    });
  }
}

const siteCaches = new WeakMap<object, SiteCache>();
const articleCaches = new WeakMap<object, ArticleCache>();

/** One cache per database connection (i.e. per app instance), so tests never share one. */
export function siteCacheFor(owner: object): SiteCache {
  let c = siteCaches.get(owner);
  if (!c) siteCaches.set(owner, (c = new SiteCache()));
  return c;
}

export function articleCacheFor(owner: object): ArticleCache {
  let c = articleCaches.get(owner);
  if (!c) articleCaches.set(owner, (c = new ArticleCache()));
  return c;
}
