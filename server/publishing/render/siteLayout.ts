import type { Views } from '../../views/views.js';

export interface SiteHead {
  siteName: string;
  title: string;
  description?: string;
  canonicalUrl?: string;
  /** OpenGraph type: "article" for briefings, "website" elsewhere. */
  ogType?: 'article' | 'website';
  publishedTime?: string;
  modifiedTime?: string;
  jsonLd?: string;
  noindex?: boolean;
  origin: string;
}

/** Public pages use their own layout: no staff chrome, no session, no CSRF token. */
export function renderSitePage(views: Views, view: string, model: Record<string, unknown>, head: SiteHead): string {
  const body = views.render(view, { ...model, siteName: head.siteName });
  return views.render('layouts/site', { ...head, body, year: new Date().getUTCFullYear() });
}
