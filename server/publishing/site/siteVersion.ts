import type { Db } from '../../db/connect.js';

export interface SiteVersion {
  key: string;
  lastModified: Date;
}

/**
 * Changes whenever anything readers can see changes (a publish, a correction,
 * an unpublish): the key under which generated pages and feeds are cached.
 * Counts as well as times, so a change stamped with an older clock still moves it.
 */
export async function siteVersion(db: Db): Promise<SiteVersion> {
  const [row] = await db.$queryRaw<{ p: Date | null; u: Date | null; n: number; nu: number; ns: number }[]>`
    SELECT max("publishedAt") AS p, max("unpublishedAt") AS u, count(*)::int AS n,
           count("unpublishedAt")::int AS nu, count("supersededAt")::int AS ns
    FROM "Publication"`;
  const p = row?.p ? new Date(row.p) : new Date(0);
  const u = row?.u ? new Date(row.u) : new Date(0);
  return {
    key: `${row?.n ?? 0}:${row?.nu ?? 0}:${row?.ns ?? 0}:${p.getTime()}:${u.getTime()}`,
    lastModified: p > u ? p : u,
  };
}

interface Watch {
  value?: SiteVersion;
  checkedAt: number;
  pending?: Promise<SiteVersion>;
}

const watches = new WeakMap<object, Watch>();

/** How stale a process may be about changes made by *another* process; its own changes invalidate at once. */
export const SITE_VERSION_MAX_AGE_MS = 1000;

/** The site version, re-read from the database at most once a second per process. */
export function currentSiteVersion(db: Db, maxAgeMs = SITE_VERSION_MAX_AGE_MS): Promise<SiteVersion> {
  let w = watches.get(db);
  if (!w) watches.set(db, (w = { checkedAt: 0 }));
  const watch = w;
  if (watch.value && Date.now() - watch.checkedAt < maxAgeMs) return Promise.resolve(watch.value);
  if (!watch.pending) {
    const startedAt = Date.now();
    watch.pending = siteVersion(db)
      .then((v) => {
        // An invalidation while the query ran wins: keep checkedAt at 0 so the next read re-checks.
        if (watch.checkedAt !== -1) {
          watch.value = v;
          watch.checkedAt = startedAt;
        } else watch.checkedAt = 0;
        return v;
      })
      .finally(() => (watch.pending = undefined));
  }
  return watch.pending;
}

/** Called by this process's publishing commands after commit, so its own readers see the change immediately. */
export function invalidateSiteVersion(db: Db): void {
  const w = watches.get(db);
  if (!w) return;
  w.value = undefined;
  w.checkedAt = w.pending ? -1 : 0;
}
