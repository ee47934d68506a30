import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory } from '../../util/makeDirectory.js';
import { projectRoot } from '../../util/projectRoot.js';
import { tagSlug } from '../slug.js';
import {
  errorPage,
  feedBody,
  homePage,
  robotsBody,
  sitemapBody,
  tagPage,
  withVersionNotice,
  type SiteContext,
} from '../site/publicSite.js';
import type { EditorialKey } from '../record/editorialKey.js';
import { recordBody } from '../record/recordBody.js';
import { storyLinksFor } from '../site/storyLinks.js';
import { NO_STORY_LINKS, withStoryLinks } from '../render/storyLinks.js';

const MANIFEST = '.export-manifest.json';
const ASSETS = ['css/site.css'];

export interface ExportReport {
  written: number;
  unchanged: number;
  removed: number;
  files: number;
}

const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

/** A URL path segment as a directory name; anything that could leave the export directory is skipped. */
function safeSegment(encoded: string): string | null {
  let s: string;
  try {
    s = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  return s && !s.includes('/') && !s.includes('\\') && s !== '.' && s !== '..' && !s.includes('\0') ? s : null;
}

function redirectPage(to: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Moved</title><link rel="canonical" href="${to}"><meta http-equiv="refresh" content="0; url=${to}"></head><body><p>This briefing moved to <a href="${to}">${to}</a>.</p></body></html>\n`;
}

/**
 * Writes the public site as static files (directory/index.html per page) for
 * a CDN. Files whose bytes did not change are left alone, so a re-run only
 * touches what changed and a sync to the CDN uploads only that; files a
 * previous run wrote that no longer exist (an unpublished briefing) are removed.
 */
export async function exportSite(ctx: SiteContext, dir: string, key?: EditorialKey): Promise<ExportReport> {
  const files = new Map<string, string | Buffer>();
  const add = (rel: string, body: string | Buffer) => files.set(rel, body);

  for (let page = 1; ; page++) {
    const html = await homePage(ctx, page);
    if (html === null) break;
    add(page === 1 ? 'index.html' : `page/${page}/index.html`, html);
  }

  const pubs = await ctx.db.publication.findMany({
    where: { unpublishedAt: null },
    select: {
      briefingId: true,
      slug: true,
      version: true,
      html: true,
      publishedAt: true,
      supersededAt: true,
      keywords: true,
    },
    orderBy: [{ briefingId: 'asc' }, { version: 'asc' }],
  });
  const currentSlug = new Map(pubs.filter((p) => !p.supersededAt).map((p) => [p.briefingId, p.slug]));
  const story = await storyLinksFor(ctx.db, [...currentSlug.keys()]);
  const keywords = new Set<string>();
  for (const p of pubs) {
    const slug = currentSlug.get(p.briefingId);
    if (!slug) continue;
    // Each version's signed editorial record beside its page (record:verify finds index.html there).
    const record = key ? await recordBody(ctx.db, key, p.briefingId, p.version) : null;
    if (record) {
      add(`news/${slug}/v/${p.version}/record.json`, record);
      if (!p.supersededAt) add(`news/${slug}/record.json`, record);
    }
    if (!p.supersededAt) {
      // The version's own permalink stays the stored page, as the server serves it.
      add(`news/${slug}/index.html`, withStoryLinks(p.html, story.get(p.briefingId) ?? NO_STORY_LINKS));
      add(`news/${slug}/v/${p.version}/index.html`, p.html);
      p.keywords.forEach((k) => keywords.add(k));
    } else {
      add(
        `news/${slug}/v/${p.version}/index.html`,
        withVersionNotice(p.html, { version: p.version, publishedAt: p.publishedAt, currentPath: `/news/${slug}` }),
      );
    }
  }
  const redirects = await ctx.db.slugRedirect.findMany({ select: { fromSlug: true, briefingId: true } });
  for (const r of redirects) {
    const to = currentSlug.get(r.briefingId);
    if (to && !files.has(`news/${r.fromSlug}/index.html`))
      add(`news/${r.fromSlug}/index.html`, redirectPage(`${ctx.origin}/news/${to}`));
  }

  for (const k of [...keywords].sort()) {
    const seg = safeSegment(tagSlug(k));
    if (!seg) continue;
    for (let page = 1; ; page++) {
      const html = await tagPage(ctx, seg, page);
      if (html === null) break;
      add(page === 1 ? `tags/${seg}/index.html` : `tags/${seg}/page/${page}/index.html`, html);
    }
  }

  add('feed.xml', await feedBody(ctx, 'rss'));
  add('atom.xml', await feedBody(ctx, 'atom'));
  add('feed.json', await feedBody(ctx, 'json'));
  add('sitemap.xml', await sitemapBody(ctx));
  add('robots.txt', robotsBody(ctx));
  if (key) add('.well-known/editorial-key', key.publicKeyPem);
  add('404.html', errorPage(ctx, 404));
  add('410.html', errorPage(ctx, 410));
  for (const a of ASSETS) add(`assets/${a}`, await readFile(path.join(projectRoot(), 'review-ui/public', a)));

  return writeTree(dir, files);
}

/** The files the previous run wrote; none when there was no run or its manifest is unreadable. */
async function readManifest(root: string): Promise<string[]> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(root, MANIFEST), 'utf8'));
    const files = parsed && typeof parsed === 'object' ? (parsed as { files?: unknown }).files : undefined;
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

async function writeTree(dir: string, files: Map<string, string | Buffer>): Promise<ExportReport> {
  const root = path.resolve(dir);
  await makeDirectory(root);
  const previous = await readManifest(root);
  let written = 0;
  let unchanged = 0;
  for (const [rel, body] of files) {
    const full = path.join(root, rel);
    const existing = await readFile(full).catch(() => null);
    if (existing && sha(existing) === sha(typeof body === 'string' ? Buffer.from(body) : body)) {
      unchanged++;
      continue;
    }
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, body);
    written++;
  }
  let removed = 0;
  for (const rel of previous) {
    if (files.has(rel) || rel.includes('..')) continue;
    await rm(path.join(root, rel), { force: true });
    removed++;
  }
  await writeFile(path.join(root, MANIFEST), JSON.stringify({ files: [...files.keys()].sort() }, null, 1));
  return { written, unchanged, removed, files: files.size };
}
