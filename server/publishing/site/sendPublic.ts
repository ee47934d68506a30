import type { Request, Response } from 'express';

export const PUBLIC_CACHE = 'public, max-age=60, stale-while-revalidate=600';

/** Conditional GET for public pages and feeds: validators, shared caching, 304 when the client is current. */
export function sendPublic(req: Request, res: Response, r: { body: string; etag: string; lastModified: Date; contentType: string; status?: number }): void {
  res.set({ 'Cache-Control': PUBLIC_CACHE, ETag: r.etag, 'Last-Modified': r.lastModified.toUTCString(), 'Content-Type': r.contentType });
  const status = r.status ?? 200;
  if (status === 200 && req.fresh) {
    res.status(304).end();
    return;
  }
  res.status(status).send(r.body);
}

export function sendSiteError(res: Response, status: 404 | 410, html: string): void {
  res.set({ 'Cache-Control': 'public, max-age=30', 'Content-Type': 'text/html; charset=utf-8' });
  res.status(status).send(html);
}

export function requestOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
