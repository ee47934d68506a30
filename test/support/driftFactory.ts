import type http from 'node:http';
import type { Db } from '../../server/db/connect.js';
import { ingestPage } from '../../server/commands/sources/ingestPage.js';
import type { FeedServer } from './feedServer.js';

export const ARTICLE_PARAGRAPHS = [
  'Lynas Rare Earths said on Tuesday that its Kalgoorlie processing plant produced 1,200 tonnes of mixed rare earth carbonate in the quarter, a record for the site.',
  'The company told investors that output of neodymium and praseodymium oxide rose 18% from the previous quarter as the new cracking and leaching line reached full rate.',
  'Chief executive Amanda Lacaze said the plant would supply the Malaysian separation facility through 2026, and that talks with United States buyers were continuing.',
];

/**
 * A news page as publishers serve it: navigation, a cookie notice, a sidebar of other stories and a
 * footer around the article. `chrome` changes only those parts.
 */
export function articlePage(paragraphs: readonly string[], chrome = 'Most read: copper prices, lithium'): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lynas reports record quarter at Kalgoorlie</title>
<meta property="og:site_name" content="Mining Wire"></head><body>
<header><nav><a href="/">Home</a> <a href="/markets">Markets</a> <a href="/metals">Metals</a></nav>
<div class="cookie-banner">We use cookies. ${chrome}</div></header>
<main><article><h1>Lynas reports record quarter at Kalgoorlie</h1>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article></main>
<aside class="sidebar"><h2>Related</h2><ul><li><a href="/a">${chrome}</a></li><li><a href="/b">Gold miners rally</a></li></ul></aside>
<footer><p>© 2026 Mining Wire. ${chrome}. All rights reserved.</p></footer></body></html>`;
}

/** Serves `html` at `path` with a strong ETag, answering If-None-Match with 304. */
export function serveArticle(server: FeedServer, path: string, html: string, etag: string): void {
  server.routes.set(path, { headers: { 'Content-Type': 'text/html; charset=utf-8', ETag: etag }, body: html });
}

export function serveStatus(server: FeedServer, path: string, status: number): void {
  server.routes.set(path, { status, headers: { 'Content-Type': 'text/html' }, body: `<h1>${status}</h1>` });
}

/** A host that accepts the request and never answers. */
export function serveNothing(server: FeedServer, path: string): void {
  server.routes.set(path, { handle: (_req: http.IncomingMessage, _res: http.ServerResponse) => {} });
}

/** Ingests the page the way "Add a page" does and links it to the briefing as a related source. */
export async function linkPageSource(db: Db, briefingId: string, url: string, rank: number): Promise<string> {
  const r = await ingestPage(db, null, { url }, { allowPrivate: true });
  await db.briefingSource.create({ data: { briefingId, sourceId: r.id, role: 'related', rank } });
  return r.id;
}
