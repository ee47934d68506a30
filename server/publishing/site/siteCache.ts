import { etagOf } from '../writePublication.js';

export interface CachedBody {
  body: string;
  etag: string;
  lastModified: Date;
}

/**
 * Generated lists and feeds, per process, dropped as soon as the site version
 * moves. Bounded so a crawler walking every page and tag cannot grow it forever.
 */
export class SiteCache {
  private version = '';
  private entries = new Map<string, CachedBody>();
  constructor(private readonly maxEntries = 500) {}

  async get(version: string, key: string, lastModified: Date, build: () => Promise<string | null>): Promise<CachedBody | null> {
    if (version !== this.version) {
      this.version = version;
      this.entries.clear();
    }
    const hit = this.entries.get(key);
    if (hit) return hit;
    const body = await build();
    if (body === null) return null;
    const entry = { body, etag: etagOf(body), lastModified };
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    if (version === this.version) this.entries.set(key, entry);
    return entry;
  }
}

const caches = new WeakMap<object, SiteCache>();

/** One cache per database connection (i.e. per app instance), so tests never share one. */
export function siteCacheFor(owner: object): SiteCache {
  let c = caches.get(owner);
  if (!c) caches.set(owner, (c = new SiteCache()));
  return c;
}

/** Stored article pages by slug (or "none"), valid for one site version. */
export class ArticleCache<T> {
  private version = '';
  private entries = new Map<string, T | null>();
  constructor(private readonly maxEntries = 2000) {}

  async get(version: string, slug: string, load: () => Promise<T | null>): Promise<T | null> {
    if (version !== this.version) {
      this.version = version;
      this.entries.clear();
    }
    if (this.entries.has(slug)) return this.entries.get(slug)!;
    const value = await load();
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    if (version === this.version) this.entries.set(slug, value);
    return value;
  }
}

type StoredArticle = { html: string; etag: string; publishedAt: Date; unpublishedAt: Date | null };
const articleCaches = new WeakMap<object, ArticleCache<StoredArticle>>();

export function articleCacheFor(owner: object): ArticleCache<StoredArticle> {
  let c = articleCaches.get(owner);
  if (!c) articleCaches.set(owner, (c = new ArticleCache<StoredArticle>()));
  return c;
}
