import { displayDate } from './dates.js';
import { jsonForScript } from './jsonLd.js';

/** A live publication on the same story: the briefing it updates, or one that updates it. */
export interface LinkedStory {
  slug: string;
  title: string;
  firstPublishedAt: Date;
  publishedAt: Date;
}

export interface StoryLinks {
  earlier: LinkedStory | null;
  /** Newest first. */
  updates: LinkedStory[];
}

export const NO_STORY_LINKS: StoryLinks = { earlier: null, updates: [] };

/** A page lists this many updates; the newest is the one that matters, a few more give the thread. */
export const MAX_UPDATES_SHOWN = 5;

export const hasStoryLinks = (l: StoryLinks) => l.earlier !== null || l.updates.length > 0;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const storyPath = (s: LinkedStory) => `/news/${encodeURIComponent(s.slug)}`;

function linkHtml(s: LinkedStory, rel: 'prev' | 'next'): string {
  const d = displayDate(s.firstPublishedAt);
  return `<a href="${esc(storyPath(s))}" rel="${rel}">${esc(s.title)}</a>, published <time datetime="${d.iso}">${d.text}</time>`;
}

/**
 * The reader-visible "Earlier" / "Update" notice. It is learned after the page was signed and
 * stored (an update is published later), so it is added when the page is served and carries
 * `data-unsigned`: the signed content hash covers the article without it.
 */
export function storyLinksHtml(l: StoryLinks): string {
  if (!hasStoryLinks(l)) return '';
  const parts: string[] = [];
  const [latest, ...older] = l.updates;
  if (latest) {
    parts.push(
      `<p class="story-update"><strong class="story-label">Update</strong> This story has moved on: ${linkHtml(latest, 'next')}.</p>`,
    );
    if (older.length)
      parts.push(`<p class="story-more">Earlier updates: ${older.map((u) => linkHtml(u, 'next')).join('; ')}.</p>`);
  }
  if (l.earlier)
    parts.push(
      `<p class="story-earlier"><strong class="story-label">Earlier</strong> This briefing updates ${linkHtml(l.earlier, 'prev')}.</p>`,
    );
  return `<aside class="story-links" aria-label="Other briefings on this story" data-unsigned>${parts.join('')}</aside>`;
}

const JSON_LD = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/;

type Json = Record<string, unknown>;

/**
 * schema.org for the same links, on the stored JSON-LD (outside <article>, so outside the signed hash):
 * the update's NewsArticle gets the earlier one in `isBasedOn` (schema.org: "a resource from which this
 * work is derived": the update was drafted with the earlier text as context, beside its sources), and
 * each page's `mainEntityOfPage` WebPage gets `relatedLink` (a URL property of WebPage, "a link related
 * to this web page"), the only schema.org link that can point forward from the earlier article to its
 * update: there is no inverse of isBasedOn, and `citation`/`mentions` would claim the earlier text
 * quotes or talks about the update.
 */
export function storyLinksJsonLd(ld: Json, l: StoryLinks): Json {
  if (!hasStoryLinks(l)) return ld;
  const origin = typeof ld.url === 'string' ? URL.parse(ld.url)?.origin : undefined;
  if (!origin) return ld;
  const url = (s: LinkedStory) => origin + storyPath(s);
  const out: Json = { ...ld };
  if (l.earlier) {
    const basedOn: unknown[] = Array.isArray(ld.isBasedOn)
      ? (ld.isBasedOn as unknown[])
      : ld.isBasedOn === undefined
        ? []
        : [ld.isBasedOn];
    out.isBasedOn = [
      ...basedOn,
      {
        '@type': 'NewsArticle',
        '@id': url(l.earlier),
        url: url(l.earlier),
        headline: l.earlier.title.slice(0, 110),
        datePublished: l.earlier.firstPublishedAt.toISOString(),
      },
    ];
  }
  const page = ld.mainEntityOfPage && typeof ld.mainEntityOfPage === 'object' ? (ld.mainEntityOfPage as Json) : {};
  out.mainEntityOfPage = {
    '@type': 'WebPage',
    ...page,
    relatedLink: [...(l.earlier ? [url(l.earlier)] : []), ...l.updates.map(url)],
  };
  return out;
}

/** The stored page with the story's links: the visible notice at the top of the article, and the JSON-LD. */
export function withStoryLinks(html: string, l: StoryLinks): string {
  if (!hasStoryLinks(l)) return html;
  const out = html.replace('<!--bd:version-notice-->', () => `<!--bd:version-notice-->\n  ${storyLinksHtml(l)}`);
  return out.replace(JSON_LD, (whole, body: string) => {
    let ld: unknown;
    try {
      ld = JSON.parse(body);
    } catch {
      return whole;
    }
    if (!ld || typeof ld !== 'object' || Array.isArray(ld)) return whole;
    return `<script type="application/ld+json">${jsonForScript(storyLinksJsonLd(ld as Json, l))}</script>`;
  });
}
