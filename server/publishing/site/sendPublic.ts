import type { Request, Response } from 'express';
import type { ContentCoding, PublicBody } from './publicBody.js';

export const PUBLIC_CACHE = 'public, max-age=60, stale-while-revalidate=600';

// Browsers send a handful of distinct Accept-Encoding strings: negotiate each once.
const negotiated = new Map<string, ContentCoding | null>();

function codingFor(req: Request): ContentCoding | null {
  const header = req.headers['accept-encoding'];
  if (!header) return null;
  let coding = negotiated.get(header);
  if (coding === undefined) {
    const best = req.acceptsEncodings('br', 'gzip', 'identity');
    coding = best === 'br' || best === 'gzip' ? best : null;
    if (negotiated.size >= 100) negotiated.clear();
    negotiated.set(header, coding);
  }
  return coding;
}

/**
 * Conditional GET for public pages and feeds: validators, shared caching, compression chosen
 * by the client, 304 when the client is current. Writes the prepared bytes directly.
 */
export async function sendPublic(req: Request, res: Response, page: PublicBody): Promise<void> {
  const coding = page.compressible ? codingFor(req) : null;
  const payload = coding ? await page.encoded(coding) : page.bytes;
  res.setHeader('Cache-Control', PUBLIC_CACHE);
  res.setHeader('ETag', page.etagFor(coding));
  res.setHeader('Last-Modified', page.lastModifiedHttp);
  res.setHeader('Content-Type', page.contentType);
  if (page.compressible) res.setHeader('Vary', 'Accept-Encoding');
  if (req.fresh) {
    res.statusCode = 304;
    res.end();
    return;
  }
  if (coding) res.setHeader('Content-Encoding', coding);
  res.setHeader('Content-Length', payload.length);
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : payload);
}

export function sendSiteError(res: Response, status: 404 | 410, html: string): void {
  res.set({ 'Cache-Control': 'public, max-age=30', 'Content-Type': 'text/html; charset=utf-8' });
  res.status(status).send(html);
}

export function requestOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
