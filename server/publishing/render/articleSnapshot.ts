import type { Draft } from '../../drafting/draftSchema.js';
import { displayDate } from './dates.js';
import { jsonForScript } from './jsonLd.js';
import { htmlToPlain, markdownBlock, markdownInline } from './markdown.js';
import { normaliseKeyword, tagSlug } from '../slug.js';
import type { RelatedArticle, RelatedItem } from '../related.js';
import { basedOnJsonLd, digitalSourceType, madeSection, type Provenance } from './provenance.js';

export interface CorrectionEntry {
  version: number;
  note: string;
  at: string;
}

export interface SnapshotInput {
  siteName: string;
  origin: string;
  slug: string;
  version: number;
  content: Draft;
  reviewerName: string;
  signedOffAt: Date;
  lead: { publisher: string; url: string; title: string };
  disclosure: string;
  related: RelatedArticle[];
  catalogue: { industries: RelatedItem[]; products: RelatedItem[] };
  publishedAt: Date;
  firstPublishedAt: Date;
  corrections: CorrectionEntry[];
  /** Sources and model runs behind the text; absent only in snapshots made before it was recorded. */
  provenance?: Provenance;
}

export type ArticleSnapshot = ReturnType<typeof buildArticleSnapshot>;

const DESCRIPTION_CHARS = 240;

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20)).replace(/[\s,.;:]+$/, '') + '…';
}

/**
 * The view model a publication is rendered from, kept with it. Everything the
 * page shows is decided here, at publish time, so the stored page never
 * depends on anything that can change later.
 */
export function buildArticleSnapshot(i: SnapshotInput) {
  const path = `/news/${i.slug}`;
  const canonicalUrl = i.origin + path;
  const thirtySecondHtml = markdownBlock(i.content.thirtySecondBriefing);
  const description = truncate(htmlToPlain(thirtySecondHtml), DESCRIPTION_CHARS);
  const keywords = [...new Set(i.content.keywords.map(normaliseKeyword).filter(Boolean))];
  const published = displayDate(i.publishedAt);
  const firstPublished = displayDate(i.firstPublishedAt);
  const sourceType = digitalSourceType(i.provenance);
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: i.content.title.slice(0, 110),
    description,
    url: canonicalUrl,
    mainEntityOfPage: { '@type': 'WebPage', '@id': canonicalUrl },
    datePublished: firstPublished.iso,
    dateModified: published.iso,
    keywords: keywords.join(', '),
    inLanguage: 'en',
    author: { '@type': 'Organization', name: i.siteName },
    publisher: { '@type': 'Organization', name: i.siteName, url: i.origin + '/' },
    editor: { '@type': 'Person', name: i.reviewerName, description: 'Technical reviewer who signed off this briefing' },
    isBasedOn: i.provenance ? basedOnJsonLd(i.provenance) : i.lead.url,
    ...(sourceType ? { digitalSourceType: sourceType } : {}),
    ...(i.corrections.length
      ? { correction: i.corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.note, datePublished: c.at })) }
      : {}),
  };
  return {
    siteName: i.siteName,
    origin: i.origin,
    path,
    canonicalUrl,
    slug: i.slug,
    version: i.version,
    title: i.content.title,
    description,
    reviewer: { name: i.reviewerName, signedOffAt: i.signedOffAt.toISOString() },
    firstReported: i.lead,
    thirtySecondHtml,
    technicalBrief: i.content.technicalBrief.map((b) => markdownInline(b.text)),
    ourTake: i.content.ourTake.map((p) => markdownBlock(p)),
    keywords: keywords.map((k) => ({ name: k, url: `/tags/${tagSlug(k)}` })),
    disclosure: i.disclosure,
    related: i.related,
    industries: i.catalogue.industries,
    products: i.catalogue.products,
    hasCatalogue: i.catalogue.industries.length + i.catalogue.products.length > 0,
    published,
    firstPublished,
    updated: i.version > 1,
    corrections: i.corrections.map((c) => ({ version: c.version, note: c.note, date: displayDate(new Date(c.at)) })),
    made: i.provenance
      ? madeSection({
          provenance: i.provenance,
          reviewerName: i.reviewerName,
          signedOffAt: i.signedOffAt,
          corrections: i.corrections,
          recordPath: `${path}/v/${i.version}/record.json`,
        })
      : null,
    provenance: i.provenance ?? null,
    jsonLd: jsonForScript(jsonLd),
  };
}

/** Searchable text of a briefing: what a reader sees, without markup. */
export function snapshotBodyText(s: ArticleSnapshot): string {
  return [s.thirtySecondHtml, ...s.technicalBrief, ...s.ourTake]
    .map(htmlToPlain)
    .concat(s.keywords.map((k) => k.name))
    .join('\n');
}
