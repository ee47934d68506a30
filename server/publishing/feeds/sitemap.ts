import { xml } from './xml.js';

/** `urlLines` are the article entries, already XML (see sitemapUrlLines). */
export function renderSitemap(origin: string, urlLines: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n  <url><loc>${xml(origin)}/</loc><changefreq>hourly</changefreq></url>\n${urlLines}</urlset>\n`;
}

export function sitemapBase(origin: string): string {
  return xml(origin) + '/news/';
}

export function renderRobots(origin: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /api/',
    'Disallow: /admin/',
    'Disallow: /desk',
    'Disallow: /briefings',
    'Disallow: /sources',
    'Disallow: /feeds',
    'Disallow: /publishing',
    'Disallow: /account',
    'Disallow: /search',
    '',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
}
